import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SECTIONS } from "../domain/practice";
import { inAudience, notFound } from "../auth/permissions.server";
import { practiceSubject, requirePractice } from "../auth/practice-access.server";
import { dataTitle } from "../i18n/meta";
import { useI18n } from "../i18n/react";
import { listPracticeAttachments } from "../models/attachment.server";
import { offlineThumbIds } from "../models/offline.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { PracticeText } from "../ui/practice-text";
import { useFormat } from "../ui/format";

export const meta = dataTitle((data: { practice: { title: string } }) => data.practice.title, "practices.title");

/**
 * The copy of a saved practice the service worker keeps for reading offline (public/sw.js):
 * one document, no header, no script, the current published revision and its small
 * thumbnails. Only while the practice is listed for the member: anything else is a 404, so a
 * copy the worker asks for again after a withdrawal or a narrower audience is not made.
 */
export const handle = { bare: true };

export async function loader(args: LoaderFunctionArgs) {
  const { member, practice } = await requirePractice(args, "viewPractice");
  const subject = practiceSubject(practice);
  if (practice.status !== "published" || subject.withdrawn || practice.hidden_at !== null || practice.restricted_at !== null || !inAudience(member, subject)) notFound();
  const db = args.context.db;
  const [attachments, thumbs] = await Promise.all([listPracticeAttachments(db, { practiceId: practice.id }), offlineThumbIds(db, { practiceId: practice.id })]);
  return json({
    practice: {
      slug: practice.slug,
      title: practice.title,
      summary: practice.summary,
      language: practice.language,
      organisationName: practice.organisationName,
      publishedAt: practice.published_at,
      updatedAt: practice.updated_at,
      currentRevision: practice.current_revision,
      sections: Object.fromEntries(SECTIONS.map((s) => [s, practice[`${s}_html`]])) as Record<(typeof SECTIONS)[number], string>,
    },
    images: attachments.filter((a) => a.kind === "image").map((a) => ({ id: a.id, alt: a.alt, width: a.thumbWidth, height: a.thumbHeight, kept: thumbs.has(a.id) })),
    documents: attachments.filter((a) => a.kind === "document").map((a) => ({ id: a.id, name: a.name })),
  });
}

export default function OfflineCopy() {
  const { practice, images, documents } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const format = useFormat();
  const lang = practice.language !== locale ? practice.language : undefined;
  return (
    <main id="main" className="offline-copy">
      <p className="muted">{t("offline.copyNote", { date: format.date(practice.updatedAt) })}</p>
      <h1 lang={lang}>{practice.title}</h1>
      <p className="muted">
        {t("practice.byline")} {practice.organisationName}
        {" · "}
        {format.language(practice.language)}
        {practice.publishedAt ? ` · ${t("practice.publishedOn", { date: format.date(practice.publishedAt) })}` : ""}
        {practice.currentRevision > 1 ? ` · ${t("practice.revisionN", { number: practice.currentRevision })}` : ""}
      </p>
      <PracticeText summary={practice.summary} sections={practice.sections} lang={lang} />
      {images.length || documents.length ? (
        <section aria-labelledby="attachments-heading">
          <h2 id="attachments-heading">{t("attachment.heading")}</h2>
          {images.length ? (
            <ul className="attachment-images" aria-label={t("attachment.images")}>
              {images.map((image) => (
                <li key={image.id}>
                  {/* A large thumbnail stays online: its description stands in for it. */}
                  {image.kept ? <img src={`/attachments/${image.id}/thumb`} width={image.width ?? undefined} height={image.height ?? undefined} alt={image.alt} /> : <p>{image.alt}</p>}
                </li>
              ))}
            </ul>
          ) : null}
          {documents.length ? (
            <>
              <p className="muted">{t("offline.documentsOnline")}</p>
              <ul aria-label={t("attachment.documents")}>
                {documents.map((d) => (
                  <li key={d.id}>
                    <a href={`/attachments/${d.id}`} download>
                      {d.name}
                    </a>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
      <p>
        <a href={`/practices/${encodeURIComponent(practice.slug)}`}>{t("offline.openOnline")}</a>
      </p>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
