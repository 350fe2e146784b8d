import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { SECTIONS } from "../../db/schema";
import { can } from "../auth/permissions.server";
import { dataTitle } from "../i18n/meta";
import { useI18n } from "../i18n/react";
import { listTranslationGroup, setPracticeStatus } from "../models/practice.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { CountryName, useFormat } from "../ui/format";
import { SECTION_LABELS } from "../ui/practice-form";
import { parseForm } from "../utils/forms";
import { practiceSubject, requirePractice } from "../utils/practice-access.server";

export const meta = dataTitle((data: { practice: { title: string } }) => data.practice.title, "practices.title");

const StatusIntent = z.object({ intent: z.enum(["archive", "restore"]) });

export async function loader(args: LoaderFunctionArgs) {
  const { member, practice } = await requirePractice(args, "viewPractice");
  const groupId = practice.source_practice_id ?? practice.id;
  const group = await listTranslationGroup(args.context.db, { groupId });
  const original = group.find((v) => v.id === groupId);
  const versions = group.filter((v) => v.id !== practice.id && can(member, "viewPractice", { status: v.status, organisationId: v.organisationId, authorId: v.authorId }));
  // A translation is stale when its original has a revision it was not brought up to.
  const stale =
    practice.source_practice_id !== null && original && practice.source_revision !== null && original.currentRevision > practice.source_revision
      ? { slug: original.slug, from: practice.source_revision, to: original.currentRevision }
      : null;
  const sections = Object.fromEntries(SECTIONS.map((s) => [s, practice[`${s}_html`]])) as Record<(typeof SECTIONS)[number], string>;
  return json({
    practice: {
      slug: practice.slug,
      title: practice.title,
      summary: practice.summary,
      status: practice.status,
      language: practice.language,
      themes: practice.themes,
      countries: practice.countries,
      organisationName: practice.organisationName,
      organisationSlug: practice.organisationSlug,
      authorId: practice.author_id,
      authorName: practice.authorName,
      publishedAt: practice.published_at,
      updatedAt: practice.updated_at,
      currentRevision: practice.current_revision,
      isTranslation: practice.source_practice_id !== null,
      sections,
    },
    versions: versions.map((v) => ({ slug: v.slug, title: v.title, language: v.language, status: v.status, original: v.id === groupId })),
    stale,
    canEdit: can(member, "editPractice", practiceSubject(practice)),
  });
}

export async function action(args: ActionFunctionArgs) {
  const { practice } = await requirePractice(args, "editPractice");
  const parsed = parseForm(StatusIntent, await args.request.formData());
  if (!parsed.ok || practice.status === "draft") throw new Response("Bad Request", { status: 400 });
  await setPracticeStatus(args.context.db, { id: practice.id, status: parsed.data.intent === "archive" ? "archived" : "published" });
  return redirect(`/practices/${encodeURIComponent(practice.slug)}`);
}

export default function PracticePage() {
  const { practice, versions, stale, canEdit } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const format = useFormat();
  // Screen readers and fonts switch when the write-up's language differs from the interface's.
  const lang = practice.language !== locale ? practice.language : undefined;
  return (
    <article>
      {practice.status === "archived" ? (
        <p className="notice" role="note">
          {t("practice.archivedNotice")}
        </p>
      ) : null}
      {practice.status === "draft" ? (
        <p className="notice" role="note">
          {t("practice.draftNotice")}
        </p>
      ) : null}
      {stale ? (
        <p className="notice" role="note">
          {t("practice.staleNotice")}{" "}
          <Link to={`/practices/${stale.slug}/history?from=${stale.from}&to=${stale.to}`}>{t("practice.staleLink")}</Link>
        </p>
      ) : null}
      <header className="practice-header">
        <h1 lang={lang}>{practice.title}</h1>
        <p className="muted">
          {t("practice.byline")}{" "}
          <Link to={`/organisations/${practice.organisationSlug}`}>{practice.organisationName}</Link>
          {practice.authorName && practice.authorId ? (
            <>
              {" · "}
              <Link to={`/members/${practice.authorId}`}>{practice.authorName}</Link>
            </>
          ) : null}
          {" · "}
          {format.language(practice.language)}
          {practice.publishedAt ? ` · ${t("practice.publishedOn", { date: format.date(practice.publishedAt) })}` : ""}
          {practice.currentRevision > 1 ? ` · ${t("practice.revisionN", { number: practice.currentRevision })}` : ""}
        </p>
        {practice.themes.length ? (
          <ul className="tags" aria-label={t("practice.themes")}>
            {practice.themes.map((key) => (
              <li key={key}>
                <Link to={`/practices?theme=${key}`}>{format.theme(key)}</Link>
              </li>
            ))}
          </ul>
        ) : null}
        {practice.countries.length ? (
          <p>
            {t("practice.appliedIn")}{" "}
            {practice.countries.map((code, i) => (
              <span key={code}>
                {i > 0 ? ", " : ""}
                <CountryName code={code} />
              </span>
            ))}
          </p>
        ) : null}
      </header>
      {practice.summary ? (
        <p className="summary" lang={lang}>
          {practice.summary}
        </p>
      ) : null}
      {SECTIONS.map((s) =>
        practice.sections[s] ? (
          <section key={s} aria-labelledby={`section-${s}`}>
            <h2 id={`section-${s}`}>{t(SECTION_LABELS[s].label)}</h2>
            <div className="prose" lang={lang} dangerouslySetInnerHTML={{ __html: practice.sections[s] /* sanitised when saved */ }} />
          </section>
        ) : null,
      )}
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
        {practice.status !== "draft" ? (
          <p>
            <Link to={`/practices/new?translationOf=${encodeURIComponent(practice.slug)}`}>{t("practice.addTranslation")}</Link>
          </p>
        ) : null}
      </aside>
      {canEdit ? (
        <div className="button-row">
          <Link to={`/practices/${practice.slug}/edit`} className="button">
            {t("practice.edit")}
          </Link>
          {practice.status !== "draft" ? (
            <>
              <Link to={`/practices/${practice.slug}/history`} className="button button-secondary">
                {t("practice.history")}
              </Link>
              <Form method="post" className="inline-form">
                <button type="submit" name="intent" value={practice.status === "archived" ? "restore" : "archive"} className="button-secondary">
                  {practice.status === "archived" ? t("practice.restore") : t("practice.archive")}
                </button>
              </Form>
            </>
          ) : null}
        </div>
      ) : practice.status !== "draft" ? (
        <p>
          <Link to={`/practices/${practice.slug}/history`}>{t("practice.history")}</Link>
        </p>
      ) : null}
    </article>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
