import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "../ui/link";
import { requireMember } from "../auth/guards.server";
import { pageTitle } from "../i18n/meta";
import { useI18n } from "../i18n/react";
import { listRecentComments } from "../models/comment.server";
import { listRecentEndorsements, mostEndorsedSince } from "../models/endorsement.server";
import { listNotifications } from "../models/notification.server";
import { listDraftsByAuthor, listPublishedPractices } from "../models/practice.server";
import { useFormat } from "../ui/format";
import { NotificationText } from "../ui/notification-text";
import { PracticeList } from "../ui/practice-list";
import { notificationsFor } from "../auth/practice-access.server";

export const meta = pageTitle("home.title");

const DAY = 24 * 60 * 60 * 1000;
const ACTIVITY = 12;

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  const db = args.context.db;
  const [latest, drafts, comments, endorsements, popular, notifications] = await Promise.all([
    listPublishedPractices(db, { reader: member, limit: 5 }),
    listDraftsByAuthor(db, { authorId: member.id }),
    listRecentComments(db, { reader: member, limit: ACTIVITY }),
    listRecentEndorsements(db, { reader: member, limit: ACTIVITY }),
    mostEndorsedSince(db, { reader: member, since: Date.now() - 90 * DAY }),
    listNotifications(db, { userId: member.id, limit: 30 }),
  ]);
  // One feed from three sources, newest first.
  const activity = [
    ...latest.items.map((p) => ({ kind: "practice" as const, key: `p${p.id}`, at: p.publishedAt ?? 0, slug: p.slug, title: p.title, actorName: p.organisationName })),
    ...comments.map((c) => ({ kind: "comment" as const, key: `c${c.id}`, at: c.at, slug: c.slug, title: c.title, actorName: c.actorName ?? "" })),
    ...endorsements.map((e) => ({ kind: "endorsement" as const, key: `e${e.id}`, at: e.at, slug: e.slug, title: e.title, actorName: e.actorName })),
  ]
    .sort((a, b) => b.at - a.at)
    .slice(0, ACTIVITY);
  return json({
    displayName: member.displayName,
    organisationName: member.organisationName,
    latest: latest.items,
    drafts,
    activity,
    popular,
    unread: notificationsFor(member, notifications.filter((n) => n.unread).slice(0, 5)),
  });
}

const ACTIVITY_TEXT = {
  practice: "home.activityPractice",
  comment: "home.activityComment",
  endorsement: "home.activityEndorsement",
} as const;

export default function HomePage() {
  const { displayName, organisationName, latest, drafts, activity, popular, unread } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
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
      {unread.length ? (
        <section aria-labelledby="unread-heading">
          <h2 id="unread-heading">{t("home.unread")}</h2>
          <ul>
            {unread.map((n) => (
              <li key={n.ids[0]}>
                <NotificationText group={n} />
              </li>
            ))}
          </ul>
          <p>
            <Link to="/notifications">{t("home.allNotifications")}</Link>
          </p>
        </section>
      ) : null}
      {drafts.length ? (
        <section aria-labelledby="drafts-heading">
          <h2 id="drafts-heading">{t("home.drafts")}</h2>
          <ul>
            {drafts.map((d) => (
              <li key={d.id}>
                <Link to={`/practices/${d.slug}/edit`}>{d.title}</Link> <span className="muted">({t("home.draftUpdated", { date: format.ago(d.updatedAt) })})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="home-columns">
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
        <div>
          <section aria-labelledby="popular-heading">
            <h2 id="popular-heading">{t("home.popular")}</h2>
            {popular.length ? (
              <ol>
                {popular.map((p) => (
                  <li key={p.slug}>
                    <Link to={`/practices/${p.slug}`} lang={p.language !== locale ? p.language : undefined}>
                      {p.title}
                    </Link>{" "}
                    <span className="muted">({t("home.recentEndorsements", { count: p.recent })})</span>
                  </li>
                ))}
              </ol>
            ) : (
              <p className="muted">{t("home.noPopular")}</p>
            )}
          </section>
          <section aria-labelledby="activity-heading">
            <h2 id="activity-heading">{t("home.activity")}</h2>
            {activity.length ? (
              <ul className="activity">
                {activity.map((a) => (
                  <li key={a.key}>
                    {t(ACTIVITY_TEXT[a.kind], { name: a.actorName })} <Link to={`/practices/${a.slug}`}>{a.title}</Link>
                    <br />
                    <span className="muted">{format.ago(a.at)}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t("home.noActivity")}</p>
            )}
          </section>
        </div>
      </div>
    </>
  );
}
