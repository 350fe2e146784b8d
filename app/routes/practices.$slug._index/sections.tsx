import { useSearchParams } from "@remix-run/react";
import type { PracticeStatus } from "../../domain/practice";
import type { MessageKey } from "../../i18n";
import { useI18n } from "../../i18n/react";
import { useFormat } from "../../ui/format";
import { Link } from "../../ui/link";

/** What a redirect here confirms (`?done=`), after saving the practice or hiding a comment. */
const DONE_NOTICES: Record<string, MessageKey | undefined> = {
  draft: "practice.doneDraft",
  published: "practice.donePublished",
  revision: "practice.doneRevision",
  hidden: "practice.doneCommentHidden",
  audience: "practice.doneAudience",
  withdrawn: "practice.doneWithdrawn",
  unwithdrawn: "practice.doneUnwithdrawn",
};

/** What the reader should know before reading: archived, hidden, restricted, a draft, an outdated translation, a confirmation. */
export function PracticeNotices({
  status,
  hiddenReason,
  restricted,
  stale,
}: {
  status: PracticeStatus;
  hiddenReason: string | null;
  restricted: boolean;
  stale: { slug: string; from: number; to: number } | null;
}) {
  const { t } = useI18n();
  const [searchParams] = useSearchParams();
  const done = DONE_NOTICES[searchParams.get("done") ?? ""];
  return (
    <>
      {status === "archived" ? (
        <p className="notice" role="note">
          {t("practice.archivedNotice")}
        </p>
      ) : null}
      {done ? (
        <p className="notice" role="status">
          {t(done)}
        </p>
      ) : null}
      {searchParams.get("nominated") ? (
        <p className="notice" role="status">
          {t("nominate.thanks")}
        </p>
      ) : null}
      {hiddenReason !== null ? (
        <p className="notice" role="note">
          {t("practice.hiddenNotice", { reason: hiddenReason })}
        </p>
      ) : null}
      {restricted ? (
        <p className="notice" role="note">
          {t("practice.restrictedNotice")}
        </p>
      ) : null}
      {status === "draft" ? (
        <p className="notice" role="note">
          {t("practice.draftNotice")}
        </p>
      ) : null}
      {stale ? (
        <p className="notice" role="note">
          {t("practice.staleNotice")} <Link to={`/practices/${stale.slug}/history?from=${stale.from}&to=${stale.to}`}>{t("practice.staleLink")}</Link>
        </p>
      ) : null}
    </>
  );
}

/** The same practice in other languages, and the way to add one. */
export function OtherLanguages({ slug, status, versions }: { slug: string; status: PracticeStatus; versions: { slug: string; title: string; language: string; status: string; original: boolean }[] }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <aside aria-labelledby="versions-heading">
      <h2 id="versions-heading">{t("practice.otherLanguages")}</h2>
      {versions.length ? (
        <ul>
          {versions.map((v) => (
            <li key={v.slug}>
              <Link to={`/practices/${v.slug}`} lang={v.language} hrefLang={v.language}>
                {v.title}
              </Link>{" "}
              <span className="muted">
                ({format.language(v.language)}
                {v.original ? `, ${t("practice.original")}` : ""}
                {v.status === "draft" ? `, ${t("practice.statusDraft")}` : ""})
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("practice.noOtherLanguages")}</p>
      )}
      {status !== "draft" ? (
        <p>
          <Link to={`/practices/new?translationOf=${encodeURIComponent(slug)}`}>{t("practice.addTranslation")}</Link>
        </p>
      ) : null}
    </aside>
  );
}

/** Handbooks this practice was put forward for, and the way to put it forward. */
export function Nominations({
  slug,
  nominations,
}: {
  slug: string;
  nominations: {
    id: number;
    status: string;
    reason: string;
    nominatorName: string | null;
    handbookTitle: string | null;
    handbookSlug: string | null;
    inPreparation: boolean;
  }[];
}) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="nominations-heading">
      <h2 id="nominations-heading">{t("nominate.sectionHeading")}</h2>
      {nominations.length ? (
        <ul>
          {nominations.map((n) => (
            <li key={n.id}>
              {n.status === "accepted" ? t("nominate.accepted") : t("nominate.open")}{" "}
              {n.handbookTitle ? (
                n.handbookSlug ? (
                  <Link to={`/handbooks/${n.handbookSlug}`}>{n.handbookTitle}</Link>
                ) : (
                  n.handbookTitle
                )
              ) : n.inPreparation ? (
                t("nominate.inPreparation")
              ) : (
                t("nominate.next")
              )}
              {" — "}
              <q>{n.reason}</q> ({n.nominatorName ?? t("comments.formerMember")})
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("nominate.none")}</p>
      )}
      <p>
        <Link to={`/practices/${slug}/nominate`}>{t("nominate.link")}</Link>
      </p>
    </section>
  );
}
