import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireMember } from "./guards.server";
import { can, notFound, requirePermission } from "./permissions.server";
import { getGroupBySlug } from "../models/organisation-group.server";

const Params = /* @__PURE__ */ (() => z.object({ slug: z.string().min(1).max(200) }))();

/**
 * The member and the group of organisations in the URL. A live group is for every member;
 * a removed one exists only for administrators (404 for others), who may restore it.
 * "administer" needs the administrator permission (403), checked before the group is looked up.
 */
export async function requireGroup(args: Pick<LoaderFunctionArgs, "request" | "context" | "params">, need: "view" | "administer") {
  const member = await requireMember(args);
  if (need === "administer") requirePermission(member, "administer");
  const params = Params.safeParse(args.params);
  const group = params.success ? await getGroupBySlug(args.context.db, { slug: params.data.slug }) : undefined;
  if (!group) notFound();
  if (group.deletedAt !== null && !can(member, "administer")) notFound();
  return { member, group };
}
