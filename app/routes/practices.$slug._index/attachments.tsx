import { attachmentTypeLabel, type AttachmentView } from "../../domain/attachment";
import { useI18n } from "../../i18n/react";
import { Link } from "../../ui/link";
import { fileSize } from "../../utils/file-size";

type PracticeAttachment = AttachmentView & { hidden: boolean };

/**
 * Thumbnails take a third of the column on a wide screen, half of it on a phone. Said a little
 * small for a phone so that a screen of three device pixels a point still takes the 480 px
 * thumbnail, not the 1600 px display copy, until the reader opens one.
 */
const THUMB_SIZES = "(min-width: 48rem) 14rem, 40vw";

/**
 * The practice's files: images as thumbnails, each opening its display copy; documents as a
 * list to download. Every file can be reported; moderators hide one or show it again, and an
 * administrator can remove it for good.
 *
 * The thumbnails wait in a closed gallery the reader opens: the page without them already
 * weighs about 140 KB of the 150 KB a first load may cost on a slow connection
 * (tests/e2e/weight.spec.ts), and one photo's thumbnail is about 30 KB. Lazy loading alone
 * still fetches every thumbnail near the top of the page; inside a closed <details> none is
 * fetched until it is opened.
 */
export function Attachments({ attachments, reportable, moderator, canPurge }: { attachments: PracticeAttachment[]; reportable: boolean; moderator: boolean; canPurge: boolean }) {
  const { t, locale } = useI18n();
  if (attachments.length === 0) return null;
  const images = attachments.filter((a) => a.kind === "image");
  const documents = attachments.filter((a) => a.kind === "document");
  return (
    <section id="attachments" aria-labelledby="attachments-heading" className="attachments">
      <h2 id="attachments-heading">{t("attachment.heading")}</h2>
      {images.length ? (
        // Open for a moderator when one is hidden: they come here to see it.
        <details className="attachment-gallery" open={moderator && images.some((a) => a.hidden)}>
          <summary>{t("attachment.showImages", { count: images.length })}</summary>
          <ul className="attachment-images" aria-label={t("attachment.images")}>
            {images.map((a) => (
              <li key={a.id} className={a.hidden ? "attachment-hidden" : undefined}>
                <Link to={`/attachments/${a.id}`} reloadDocument>
                  <img
                    src={`/attachments/${a.id}/thumb`}
                    srcSet={`/attachments/${a.id}/thumb ${a.thumbWidth ?? a.width ?? 480}w, /attachments/${a.id} ${a.width ?? 1600}w`}
                    sizes={THUMB_SIZES}
                    width={a.thumbWidth ?? undefined}
                    height={a.thumbHeight ?? undefined}
                    loading="lazy"
                    decoding="async"
                    alt={a.alt}
                  />
                </Link>
                <AttachmentActions attachment={a} reportable={reportable} moderator={moderator} canPurge={canPurge} />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {documents.length ? (
        <ul className="attachment-documents" aria-label={t("attachment.documents")}>
          {documents.map((a) => (
            <li key={a.id} className={a.hidden ? "attachment-hidden" : undefined}>
              <a href={`/attachments/${a.id}`} download>
                {a.name}
              </a>{" "}
              <span className="muted">
                {t(attachmentTypeLabel(a.type))} · {fileSize(a.size, t, locale)}
              </span>
              <AttachmentActions attachment={a} reportable={reportable} moderator={moderator} canPurge={canPurge} />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function AttachmentActions({ attachment: a, reportable, moderator, canPurge }: { attachment: PracticeAttachment; reportable: boolean; moderator: boolean; canPurge: boolean }) {
  const { t } = useI18n();
  const action = `/attachments/${a.id}/moderate`;
  return (
    <div className="attachment-actions">
      {a.hidden ? <p className="notice">{t("attachment.hiddenByModerator")}</p> : null}
      {reportable && !a.hidden ? (
        <Link to={`/flag?attachment=${a.id}`}>
          {t("attachment.report")}
          <span className="sr-only"> {a.name}</span>
        </Link>
      ) : null}
      {moderator ? (
        // Plain forms: the moderation route has no page of its own and answers with the practice page.
        a.hidden ? (
          <form method="post" action={action}>
            <input type="hidden" name="intent" value="unhide" />
            <button type="submit" className="button-secondary">
              {t("attachment.unhide")}
              <span className="sr-only"> {a.name}</span>
            </button>
          </form>
        ) : (
          <details className="attachment-moderate">
            <summary>
              {t("attachment.moderate")}
              <span className="sr-only"> {a.name}</span>
            </summary>
            <form method="post" action={action}>
              <input type="hidden" name="intent" value="hide" />
              <label htmlFor={`hide-reason-${a.id}`}>{t("attachment.hideReason")}</label>
              <input id={`hide-reason-${a.id}`} name="reason" required maxLength={500} />
              <button type="submit">{t("attachment.hide")}</button>
            </form>
            {canPurge ? (
              <form method="post" action={action}>
                <input type="hidden" name="intent" value="purge" />
                <label>
                  <input type="checkbox" name="confirm" value="yes" required /> {t("attachment.purgeConfirm")}
                </label>
                <button type="submit" className="button-danger">
                  {t("attachment.purge")}
                </button>
              </form>
            ) : null}
          </details>
        )
      ) : null}
    </div>
  );
}
