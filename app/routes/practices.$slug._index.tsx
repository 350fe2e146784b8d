import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { Link } from "../ui/link";
import { z } from "zod";
import { SECTIONS } from "../../db/schema";
import { can, forbidden, notFound, requirePermission } from "../auth/permissions.server";
import type { MessageKey } from "../i18n";
import { dataTitle } from "../i18n/meta";
import { useI18n } from "../i18n/react";
import { createComment, listThreads, threadPageOf } from "../models/comment.server";
import { endorsePractice, endorsementSummary, withdrawEndorsement } from "../models/endorsement.server";
import { isFollowing, setFollowing } from "../models/notification.server";
import { listPracticeNominations } from "../models/nomination.server";
import { listTranslationGroup, setPracticeStatus } from "../models/practice.server";
import { Discussion } from "../ui/discussion";
import { Endorsements, FollowButton } from "../ui/endorsements";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { CountryName, useFormat } from "../ui/format";
import { SECTION_LABELS } from "../ui/practice-form";
import { parseForm } from "../utils/forms";
import { practiceSubject, requirePractice } from "../utils/practice-access.server";
import { parseSearchParams } from "../utils/query";
import { refineMarkdown } from "../utils/markdown.server";

export const meta = dataTitle((data: { practice: { title: string } }) => data.practice.title, "practices.title");

const PracticeIntent = /* @__PURE__ */ (() => z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("archive") }),
  z.object({ intent: z.literal("restore") }),
  z.object({
    intent: z.literal("comment"),
    body: z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(10_000, "validation.tooLong").superRefine(refineMarkdown),
    parentId: z.coerce.number().int().positive().optional(),
  }),
  z.object({ intent: z.literal("endorse"), note: z.string().trim().max(500, "validation.tooLong").default("") }),
  z.object({ intent: z.literal("unendorse") }),
  z.object({ intent: z.literal("follow") }),
  z.object({ intent: z.literal("unfollow") }),
]))();

const Query = /* @__PURE__ */ (() => z.object({ comments: z.coerce.number().int().min(1).max(100_000).catch(1) }))();

export async function loader(args: LoaderFunctionArgs) {
  const { member, practice } = await requirePractice(args, "viewPractice");
  const groupId = practice.source_practice_id ?? practice.id;
  const group = await listTranslationGroup(args.context.db, { groupId });
  const original = group.find((v) => v.id === groupId);
  const versions = group.filter((v) => v.id !== practice.id && can(member, "viewPractice", practiceSubject(v)));
  // A translation is stale when its original has a revision it was not brought up to.
  const stale =
    practice.source_practice_id !== null && original && practice.source_revision !== null && original.currentRevision > practice.source_revision
      ? { slug: original.slug, from: practice.source_revision, to: original.currentRevision }
      : null;
  const sections = Object.fromEntries(SECTIONS.map((s) => [s, practice[`${s}_html`]])) as Record<(typeof SECTIONS)[number], string>;
  const { comments: commentPage } = parseSearchParams(Query, args.request);
  const db = args.context.db;
  const moderator = can(member, "curate");
  const [discussion, endorsements, following, nominations] = await Promise.all([
    listThreads(db, { practiceId: practice.id, page: commentPage, reader: { id: member.id, moderator } }),
    endorsementSummary(db, { practiceId: practice.id, authorOrganisationId: practice.organisation_id }),
    isFollowing(db, { userId: member.id, practiceId: practice.id }),
    listPracticeNominations(db, { practiceId: practice.id }),
  ]);
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
    discussion,
    endorsements,
    mine: mineOf(endorsements, member.id),
    following,
    memberId: member.id,
    moderator,
    canEndorse: practice.status === "published" && practice.author_id !== member.id,
    hiddenReason: practice.hidden_at !== null ? (practice.hidden_reason ?? "") : null,
    restricted: practice.restricted_at !== null,
    // A handbook in draft or review exists only for curators: others learn only that one is in preparation.
    nominations: nominations.map((n) => {
      const named = n.handbookStatus === "published" || moderator;
      return { ...n, handbookTitle: named ? n.handbookTitle : null, handbookSlug: named ? n.handbookSlug : null, inPreparation: !named && n.handbookTitle !== null };
    }),
  });
}

/** The member's own endorsement, from the list the page shows anyway. */
function mineOf(summary: { endorsements: { userId: number | null; note: string }[] }, memberId: number) {
  const mine = summary.endorsements.find((e) => e.userId === memberId);
  return mine ? { note: mine.note } : null;
}

export async function action(args: ActionFunctionArgs) {
  const { member, practice } = await requirePractice(args, "viewPractice");
  const db = args.context.db;
  const formData = await args.request.formData();
  const parsed = parseForm(PracticeIntent, formData);
  const intent = String(formData.get("intent") ?? "");
  if (!parsed.ok) return json({ intent, parentId: String(formData.get("parentId") ?? ""), errors: parsed.errors, values: parsed.values }, { status: 400 });
  const input = parsed.data;
  const here = `/practices/${encodeURIComponent(practice.slug)}`;

  if (input.intent === "archive" || input.intent === "restore") {
    requirePermission(member, "editPractice", practiceSubject(practice));
    if (practice.status === "draft") throw new Response("Bad Request", { status: 400 });
    await setPracticeStatus(db, { id: practice.id, status: input.intent === "archive" ? "archived" : "published" });
    return redirect(here);
  }
  requirePermission(member, "write");
  if (input.intent === "follow" || input.intent === "unfollow") {
    await setFollowing(db, { userId: member.id, practiceId: practice.id, following: input.intent === "follow" });
    return json({ intent });
  }
  // Discussion and endorsements are for published practices only.
  if (practice.status !== "published") throw new Response("Conflict", { status: 409 });
  if (input.intent === "comment") {
    const created = await createComment(db, {
      practiceId: practice.id,
      authorId: member.id,
      parentId: input.parentId,
      bodyMd: input.body,
      language: member.locale ?? "",
    });
    if (!created) notFound();
    const page = await threadPageOf(db, { commentId: created.id });
    return redirect(`${here}?comments=${page}#comment-${created.id}`);
  }
  // An author does not endorse their own practice.
  if (practice.author_id === member.id) forbidden();
  if (input.intent === "endorse") {
    await endorsePractice(db, { practiceId: practice.id, userId: member.id, organisationId: member.organisationId, note: input.note });
  } else {
    await withdrawEndorsement(db, { practiceId: practice.id, userId: member.id });
  }
  return json({ intent });
}

/** What a redirect here confirms (`?done=`), after saving the practice or hiding a comment. */
const DONE_NOTICES: Record<string, MessageKey | undefined> = {
  draft: "practice.doneDraft",
  published: "practice.donePublished",
  revision: "practice.doneRevision",
  hidden: "practice.doneCommentHidden",
};

export default function PracticePage() {
  const { practice, versions, stale, canEdit, discussion, endorsements, mine, following, memberId, moderator, canEndorse, hiddenReason, restricted, nominations } =
    useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
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
      {DONE_NOTICES[searchParams.get("done") ?? ""] ? (
        <p className="notice" role="status">
          {t(DONE_NOTICES[searchParams.get("done") ?? ""]!)}
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
      {practice.status === "published" ? (
        <>
          <Endorsements summary={endorsements} mine={mine} canEndorse={canEndorse} />
          <section aria-labelledby="nominations-heading">
            <h2 id="nominations-heading">{t("nominate.sectionHeading")}</h2>
            {nominations.length ? (
              <ul>
                {nominations.map((n) => (
                  <li key={n.id}>
                    {n.status === "accepted" ? t("nominate.accepted") : t("nominate.open")}{" "}
                    {n.handbookTitle ? n.handbookSlug ? <Link to={`/handbooks/${n.handbookSlug}`}>{n.handbookTitle}</Link> : n.handbookTitle : n.inPreparation ? t("nominate.inPreparation") : t("nominate.next")}
                    {" — "}
                    <q>{n.reason}</q> ({n.nominatorName ?? t("comments.formerMember")})
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t("nominate.none")}</p>
            )}
            <p>
              <Link to={`/practices/${practice.slug}/nominate`}>{t("nominate.link")}</Link>
            </p>
          </section>
          <div className="button-row">
            <FollowButton following={following} />
            <Link to={`/flag?practice=${encodeURIComponent(practice.slug)}`}>{t("flag.linkPractice")}</Link>
          </div>
        </>
      ) : null}
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
      {practice.status !== "draft" ? (
        <Discussion {...discussion} action={`/practices/${encodeURIComponent(practice.slug)}?index`} memberId={memberId} moderator={moderator} open={practice.status === "published"} />
      ) : null}
    </article>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
