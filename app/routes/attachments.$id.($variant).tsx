import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireAttachment } from "../auth/attachment-access.server";
import { notFound } from "../auth/permissions.server";
import { DOCUMENT_EXTENSION, isDocumentType } from "../domain/attachment";
import { readAttachmentFile } from "../models/attachment.server";
import { fileResponse } from "../utils/file-response.server";

const Variant = /* @__PURE__ */ (() => z.enum(["thumb"]).optional())();

/**
 * An attachment's file: a document downloads under its cleaned name; an image shows inline,
 * from its re-encoded copy only (`/thumb` for the thumbnail). Whether the reader may is the
 * practice's own rule (app/auth/attachment-access.server.ts).
 */
export async function loader(args: LoaderFunctionArgs) {
  const { attachment } = await requireAttachment(args);
  const variant = Variant.safeParse(args.params.variant);
  if (!variant.success) notFound();
  if (attachment.kind === "document" && variant.data) notFound();
  const file = await readAttachmentFile(args.context.db, { id: attachment.id, variant: attachment.kind === "document" ? "file" : (variant.data ?? "display") });
  if (!file) notFound();
  const download = isDocumentType(attachment.type) ? { name: attachment.name, fallback: `attachment-${attachment.id}.${DOCUMENT_EXTENSION[attachment.type]}` } : null;
  return fileResponse(args.request, file, { download });
}
