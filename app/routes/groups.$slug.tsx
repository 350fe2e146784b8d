import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { Link } from "../ui/link";
import { requireGroup } from "../auth/group-access.server";
import { can } from "../auth/permissions.server";
import { dataTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { listGroupMembers, listGroupPractices } from "../models/organisation-group.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { CountryName, useFormat } from "../ui/format";
import { PracticeList } from "../ui/practice-list";
import { cursorParam, parseSearchParams } from "../utils/query";

export const meta = dataTitle((data: { group: { name: string } }) => data.group.name, "groups.title");

const Query = /* @__PURE__ */ (() =>
  z.object({
    after: cursorParam,
  }))();

export async function loader(args: LoaderFunctionArgs) {
  const { member, group } = await requireGroup(args, "view");
  const { after } = parseSearchParams(Query, args.request);
  const db = args.context.db;
  const [members, practices] = await Promise.all([listGroupMembers(db, { groupId: group.id }), listGroupPractices(db, { groupId: group.id, reader: member, after })]);
  return json({
    group: { slug: group.slug, name: group.name, description: group.description, deletedAt: group.deletedAt },
    members: members.map(({ id, slug, name, country }) => ({ id, slug, name, country })),
    practices: practices.items,
    next: practices.next ? `${practices.next.value}.${practices.next.id}` : null,
    isFirstPage: !after,
    // A removed group has no readers: its practices read as their organisations' own.
    isReader: group.deletedAt === null && member.groupIds.includes(group.id),
    canManage: can(member, "administer"),
  });
}

export default function GroupPage() {
  const { group, members, practices, next, isFirstPage, isReader, canManage } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  const location = useLocation();
  const pageLink = (after: string | null) => (after ? `${location.pathname}?after=${after}` : location.pathname);
  return (
    <>
      <h1>{group.name}</h1>
      {group.deletedAt !== null ? <p className="notice">{t("groups.removedNotice", { date: format.date(group.deletedAt) })}</p> : null}
      {canManage ? (
        <p>
          <Link to={`/admin/groups/${group.slug}`}>{t("groups.manage")}</Link>
        </p>
      ) : null}
      {group.description ? (
        <div className="prose">
          {group.description.split(/\n\s*\n/).map((paragraph, i) => (
            <p key={i}>{paragraph}</p>
          ))}
        </div>
      ) : null}
      <h2>{t("groups.membersHeading")}</h2>
      {members.length === 0 ? (
        <p className="muted">{t("groups.noMembers")}</p>
      ) : (
        <ul>
          {members.map((m) => (
            <li key={m.id}>
              <Link to={`/organisations/${m.slug}`}>{m.name}</Link>{" "}
              <span className="muted">
                (<CountryName code={m.country} />)
              </span>
            </li>
          ))}
        </ul>
      )}
      <h2>{t("group.practicesHeading")}</h2>
      {!isReader && group.deletedAt === null ? <p className="muted">{t("group.notMember")}</p> : null}
      {practices.length === 0 ? isReader ? <p className="empty">{t("group.noPractices")}</p> : null : <PracticeList items={practices} />}
      {!isFirstPage || next ? (
        <nav className="pagination" aria-label={t("pagination.label")}>
          {!isFirstPage ? <Link to={pageLink(null)}>{t("pagination.first")}</Link> : null}
          {next ? (
            <Link to={pageLink(next)} rel="next">
              {t("pagination.next")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
