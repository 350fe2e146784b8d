import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "../ui/link";
import { z } from "zod";
import { requireMember } from "../auth/guards.server";
import { can, notFound } from "../auth/permissions.server";
import { dataTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { getUser } from "../models/user.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { useFormat } from "../ui/format";

export const meta = dataTitle((data: { profile: { displayName: string } }) => data.profile.displayName, "member.title");

const Params = /* @__PURE__ */ (() => z.object({ id: z.coerce.number().int().positive() }))();

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  const params = Params.safeParse(args.params);
  const user = params.success ? await getUser(args.context.db, { id: params.data.id }) : undefined;
  // A disabled account's profile is for administrators only.
  if (!user || (user.disabledAt !== null && !can(member, "administer"))) notFound();
  return json({
    profile: {
      id: user.id,
      displayName: user.displayName,
      role: user.role,
      createdAt: user.createdAt,
      disabled: user.disabledAt !== null,
      organisationName: user.organisationName,
      organisationSlug: user.organisationSlug,
    },
    canManage: can(member, "administer"),
  });
}

export default function MemberPage() {
  const { profile, canManage } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  return (
    <>
      <h1>{profile.displayName}</h1>
      {profile.disabled ? <p className="notice">{t("member.disabled")}</p> : null}
      <dl className="facts">
        <dt>{t("member.organisation")}</dt>
        <dd>
          <Link to={`/organisations/${profile.organisationSlug}`}>{profile.organisationName}</Link>
        </dd>
        <dt>{t("member.role")}</dt>
        <dd>{format.role(profile.role)}</dd>
        <dt>{t("member.joined")}</dt>
        <dd>{format.date(profile.createdAt)}</dd>
      </dl>
      {canManage ? (
        <p>
          <Link to={`/admin/members/${profile.id}`}>{t("member.manage")}</Link>
        </p>
      ) : null}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
