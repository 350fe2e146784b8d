import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMember } from "../auth/guards.server";
import { requirePermission } from "../auth/permissions.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { listDraftsByAuthor, listPublishedPractices } from "../models/practice.server";
import { useFormat } from "../ui/format";
import { PracticeList } from "../ui/practice-list";

export const meta = pageTitle("home.title");

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "read");
  const [latest, drafts] = await Promise.all([
    listPublishedPractices(args.context.db, { limit: 8 }),
    listDraftsByAuthor(args.context.db, { authorId: member.id }),
  ]);
  return json({ displayName: member.displayName, organisationName: member.organisationName, latest: latest.items, drafts });
}

export default function HomePage() {
  const { displayName, organisationName, latest, drafts } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  return (
    <>
      <h1>{t("home.welcome", { name: displayName })}</h1>
      <p>{t("home.intro", { organisation: organisationName })}</p>
      <p>
        <Link to="/practices/new" className="button">
          {t("practices.write")}
        </Link>
      </p>
      {drafts.length ? (
        <section aria-labelledby="drafts-heading">
          <h2 id="drafts-heading">{t("home.drafts")}</h2>
          <ul>
            {drafts.map((d) => (
              <li key={d.id}>
                <Link to={`/practices/${d.slug}/edit`}>{d.title}</Link> <span className="muted">({t("home.draftUpdated", { date: format.dateTime(d.updatedAt) })})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="latest-heading">
        <h2 id="latest-heading">{t("home.latest")}</h2>
        {latest.length ? (
          <>
            <PracticeList items={latest} />
            <p>
              <Link to="/practices">{t("home.allPractices")}</Link>
            </p>
          </>
        ) : (
          <p className="empty">{t("home.noPractices")}</p>
        )}
      </section>
    </>
  );
}
