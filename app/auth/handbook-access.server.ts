import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { BOOK_FORMATS, DEFAULT_PAPER, PAPER_SIZES } from "../domain/book";
import { requireMember } from "./guards.server";
import { can, notFound, requirePermission } from "./permissions.server";
import { getHandbookBySlug } from "../models/handbook.server";

const Params = /* @__PURE__ */ (() => z.object({ slug: z.string().min(1).max(200) }))();

/**
 * The member and the handbook in the URL: a published handbook is for every member,
 * one in draft or review exists only for curators (404 for others); "curate" needs the
 * curator permission (403).
 */
export async function requireHandbook(args: Pick<LoaderFunctionArgs, "request" | "context" | "params">, need: "view" | "curate") {
  const member = await requireMember(args);
  const params = Params.safeParse(args.params);
  const handbook = params.success ? await getHandbookBySlug(args.context.db, { slug: params.data.slug }) : undefined;
  if (!handbook) notFound();
  if (handbook.status !== "published" && !can(member, "curate")) notFound();
  if (need === "curate") requirePermission(member, "curate");
  return { member, handbook };
}

const BookParams = /* @__PURE__ */ (() => z.object({ format: z.enum(BOOK_FORMATS), paper: z.enum(PAPER_SIZES).default(DEFAULT_PAPER) }))();

/**
 * A handbook edition as a file: whoever may read the edition may download it (a draft only
 * its curators); the format in the path and the paper in `?paper=` (A4 unless "letter"),
 * anything else 404.
 */
export async function requireHandbookBook(args: Pick<LoaderFunctionArgs, "request" | "context" | "params">) {
  const { member, handbook } = await requireHandbook(args, "view");
  const paper = new URL(args.request.url).searchParams.get("paper");
  const book = BookParams.safeParse({ format: args.params.format, paper: paper ?? undefined });
  if (!book.success) notFound();
  return { member, handbook, ...book.data };
}
