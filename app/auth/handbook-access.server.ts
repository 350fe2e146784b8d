import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
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
