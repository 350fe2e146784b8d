import { listPracticeAttachments } from "../../models/attachment.server";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Link } from "../../ui/link";
import { z } from "zod";
import { AUDIENCE_VALUE, SECTIONS } from "../../domain/practice";
import { takePendingSubmission } from "../../auth/guards.server";
import { can } from "../../auth/permissions.server";
import { dataTitle } from "../../i18n/meta";
import { useI18n } from "../../i18n/react";
import { listThreads, threadPageOf } from "../../models/comment.server";
import { endorsementSummary } from "../../models/endorsement.server";
import { isFollowing } from "../../models/notification.server";
import { listPracticeNominations } from "../../models/nomination.server";
import { listTranslationGroup } from "../../models/practice.server";
import { Discussion } from "../../ui/discussion";
import { Endorsements, FollowButton } from "../../ui/endorsements";
import { GeneralErrorBoundary } from "../../ui/error-boundary";
import { CountryName, useFormat } from "../../ui/format";
import { parseForm, requiredText } from "../../utils/forms";
import { practiceSubject, requirePractice } from "../../auth/practice-access.server";
import { parseSearchParams } from "../../utils/query";
import { refineMarkdown } from "../../utils/markdown.server";
import { Nominations, OtherLanguages, PracticeNotices } from "./sections";
import { Attachments } from "./attachments";
import {
  handleAudience,
  handleCheckWords,
  handleComment,
  handleEndorse,
  handleFollow,
  handleStatus,
  handleUnendorse,
  handleUndoWithdrawal,
  handleWithdraw,
  type PracticeAction,
} from "./intents.server";
import { ReadersControls, ReadersLine, WithdrawnNotice } from "./readers";
import { audienceOptionsFor } from "../../forms/practice/audience.server";
import { getGroupName } from "../../models/organisation-group.server";
import { getUserName } from "../../models/user.server";
import { savedState } from "../../models/saved.server";
import { maySavePractice } from "../../auth/saved-access.server";
import { SaveButton } from "../../ui/save-button";
import { PracticeText } from "../../ui/practice-text";

export const meta = dataTitle((data: { practice: { title: string } }) => data.practice.title, "practices.title");

const PracticeIntent = /* @__PURE__ */ (() =>
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("archive") }),
    z.object({ intent: z.literal("restore") }),
    z.object({
      intent: z.literal("comment"),
      body: z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(10_000, "validation.tooLong").superRefine(refineMarkdown),
      parentId: z.coerce.number().int().positive().optional(),
    }),
    // The comment as typed, checked against the glossary and given back; nothing is posted.
    z.object({ intent: z.literal("checkWords"), body: z.string().max(10_000, "validation.tooLong").default(""), parentId: z.coerce.number().int().positive().optional() }),
    z.object({ intent: z.literal("endorse"), note: z.string().trim().max(500, "validation.tooLong").default("") }),
    z.object({ intent: z.literal("unendorse") }),
    z.object({ intent: z.literal("follow") }),
    z.object({ intent: z.literal("unfollow") }),
    z.object({ intent: z.literal("audience"), audience: z.string({ error: "audience.choose" }).regex(AUDIENCE_VALUE, "audience.choose") }),
    z.object({
      intent: z.literal("withdraw"),
      reason: requiredText(500),
      confirm: z.literal("yes", { error: "withdraw.confirmNeeded" }),
    }),
    z.object({ intent: z.literal("undoWithdrawal") }),
  ]))();

const Query = /* @__PURE__ */ (() => z.object({ comments: z.coerce.number().int().min(1).max(100_000).catch(1) }))();

export async function loader(args: LoaderFunctionArgs) {
  const { member, practice } = await requirePractice(args, "viewPractice");
  const groupId = practice.source_practice_id ?? practice.id;
  const group = await listTranslationGroup(args.context.db, { groupId });
  const original = group.find((v) => v.id === groupId);
  // Other languages: those this member may read, never a withdrawn one.
  const versions = group.filter((v) => v.id !== practice.id && v.withdrawn_at === null && can(member, "viewPractice", practiceSubject(v)));
  // A translation is stale when its original has a revision it was not brought up to.
  const stale =
    practice.source_practice_id !== null && original && practice.source_revision !== null && original.currentRevision > practice.source_revision
      ? { slug: original.slug, from: practice.source_revision, to: original.currentRevision }
      : null;
  const sections = Object.fromEntries(SECTIONS.map((s) => [s, practice[`${s}_html`]])) as Record<(typeof SECTIONS)[number], string>;
  const db = args.context.db;
  const moderator = can(member, "curate");
  // A comment or endorsement note sent after the session had ended, given back once after sign-in,
  // on the page of the thread a reply was meant for. Only a published practice has the forms
  // to give it back in; otherwise it waits (and expires).
  const pending = practice.status === "published" ? await takePendingSubmission(args, member) : null;
  const pendingIntent = pending?.values.intent?.[0];
  const pendingComment = pendingIntent === "comment" || pendingIntent === "checkWords";
  const pendingParent = pendingComment ? Number(pending?.values.parentId?.[0] ?? "") : 0;
  const commentPage = Number.isSafeInteger(pendingParent) && pendingParent > 0 ? await threadPageOf(db, { commentId: pendingParent }) : parseSearchParams(Query, args.request).comments;
  // Its organisation decides who reads it and may withdraw it.
  const manages = can(member, "withdrawPractice", practiceSubject(practice));
  const [discussion, endorsements, following, nominations, audienceGroup, audience, withdrawnBy, attachments, saved] = await Promise.all([
    listThreads(db, { practiceId: practice.id, page: commentPage, reader: { id: member.id, moderator } }),
    endorsementSummary(db, { practiceId: practice.id, authorOrganisationId: practice.organisation_id }),
    isFollowing(db, { userId: member.id, practiceId: practice.id }),
    listPracticeNominations(db, { practiceId: practice.id }),
    practice.audience === "group" && practice.audience_group_id !== null ? getGroupName(db, { id: practice.audience_group_id }) : null,
    manages && practice.source_practice_id === null && practice.withdrawn_at === null ? audienceOptionsFor(db, member, { audience: practice.audience, groupId: practice.audience_group_id }) : null,
    practice.withdrawn_by !== null ? getUserName(db, { id: practice.withdrawn_by }) : null,
    // Hidden ones are for the moderators, marked so, with the way to show them again.
    listPracticeAttachments(db, { practiceId: practice.id, withHidden: moderator }),
    savedState(db, { userId: member.id, practiceId: practice.id }),
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
    readers: {
      audience: practice.audience,
      // A removed group's practices read as their organisation's (inAudience leaves them out).
      group: audienceGroup && !audienceGroup.removed ? { name: audienceGroup.name, slug: audienceGroup.slug } : null,
      organisationName: practice.organisationName,
    },
    manages,
    audience,
    attachments: attachments.map(({ uploaderId: _uploader, consent: _consent, hiddenAt, ...view }) => ({ ...view, hidden: hiddenAt !== null })),
    withdrawn: practice.withdrawn_at !== null ? { at: practice.withdrawn_at, reason: practice.withdrawn_reason ?? "", by: withdrawnBy } : null,
    discussion,
    restoredComment: pendingComment
      ? {
          // A reply whose thread is gone (deleted since) comes back in the new-comment box.
          parentId: discussion.threads.some((t) => t.id === pendingParent && t.deletedAt === null) ? String(pendingParent) : "",
          body: pending?.values.body?.[0] ?? "",
        }
      : null,
    restoredNote: pendingIntent === "endorse" ? (pending?.values.note?.[0] ?? "") : null,
    endorsements,
    mine: mineOf(endorsements, member.id),
    following,
    // Saved for later: offered while it is listed for the member; once saved, removable whatever became of it.
    save: saved || maySavePractice(member, practiceSubject(practice)) ? { practiceId: practice.id, saved } : null,
    memberId: member.id,
    moderator,
    // Removing a file for good is an administrator's decision; hiding it any moderator's.
    canPurgeAttachments: can(member, "administer"),
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
  const formData = await args.request.formData();
  const parsed = parseForm(PracticeIntent, formData);
  if (!parsed.ok) {
    const intent = String(formData.get("intent") ?? "");
    return json({ intent, parentId: String(formData.get("parentId") ?? ""), errors: parsed.errors, values: parsed.values }, { status: 400 });
  }
  const input = parsed.data;
  const here: PracticeAction = { db: args.context.db, member, practice };
  switch (input.intent) {
    case "archive":
    case "restore":
      return handleStatus(here, input.intent);
    case "follow":
    case "unfollow":
      return handleFollow(here, input.intent);
    case "comment":
      return handleComment(here, input);
    case "checkWords":
      return handleCheckWords(here, input);
    case "endorse":
      return handleEndorse(here, input);
    case "unendorse":
      return handleUnendorse(here);
    case "audience":
      return handleAudience(here, input);
    case "withdraw":
      return handleWithdraw(here, input);
    case "undoWithdrawal":
      return handleUndoWithdrawal(here);
  }
}

export default function PracticePage() {
  const {
    practice,
    versions,
    stale,
    canEdit,
    discussion,
    restoredComment,
    restoredNote,
    endorsements,
    mine,
    following,
    save,
    memberId,
    moderator,
    canEndorse,
    hiddenReason,
    restricted,
    nominations,
    readers,
    manages,
    audience,
    withdrawn,
    attachments,
    canPurgeAttachments,
  } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const format = useFormat();
  // Screen readers and fonts switch when the write-up's language differs from the interface's.
  const lang = practice.language !== locale ? practice.language : undefined;
  return (
    <article>
      {withdrawn ? <WithdrawnNotice withdrawn={withdrawn} canUndo={manages} /> : null}
      <PracticeNotices status={practice.status} hiddenReason={hiddenReason} restricted={restricted} stale={stale} />
      <header className="practice-header">
        <h1 lang={lang}>{practice.title}</h1>
        <p className="muted">
          {t("practice.byline")} <Link to={`/organisations/${practice.organisationSlug}`}>{practice.organisationName}</Link>
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
        {practice.status !== "draft" ? <ReadersLine readers={readers} /> : null}
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
      <PracticeText summary={practice.summary} sections={practice.sections} lang={lang} />
      <Attachments attachments={attachments} reportable={practice.status !== "draft" && !withdrawn} moderator={moderator} canPurge={canPurgeAttachments} />
      <OtherLanguages slug={practice.slug} status={practice.status} versions={versions} />
      {practice.status === "published" && !withdrawn ? (
        <>
          <Endorsements summary={endorsements} mine={mine} canEndorse={canEndorse} restoredNote={restoredNote} />
          <Nominations slug={practice.slug} nominations={nominations} />
          <div className="button-row">
            <FollowButton following={following} />
            {save ? <SaveButton kind="practice" practiceId={save.practiceId} saved={save.saved} /> : null}
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
      {manages && practice.status !== "draft" && !withdrawn ? <ReadersControls audience={audience} isTranslation={practice.isTranslation} /> : null}
      {practice.status !== "draft" && !withdrawn ? (
        <Discussion
          {...discussion}
          restored={restoredComment}
          action={`/practices/${encodeURIComponent(practice.slug)}?index`}
          memberId={memberId}
          moderator={moderator}
          open={practice.status === "published"}
        />
      ) : null}
    </article>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
