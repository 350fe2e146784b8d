import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { Link } from "../ui/link";
import { countryOptions, requestLocale } from "../i18n/locale.server";
import { dataTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { listThemes, updatePractice, writeUpOf } from "../models/practice.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { PracticeForm } from "../forms/practice/form";
import { requirePractice } from "../auth/practice-access.server";
import { readPracticeForm } from "../forms/practice/submit.server";
import { attachmentsForForm } from "../forms/practice/attachments.server";
import { audienceOptionsFor } from "../forms/practice/audience.server";
import { takePendingSubmission } from "../auth/guards.server";
import { withPendingValues } from "../utils/pending-values";
import { inTransaction } from "../server/database.server";

export const meta = dataTitle((data: { practice: { title: string } }) => data.practice.title, "practice.edit");

export async function loader(args: LoaderFunctionArgs) {
  const { member, practice } = await requirePractice(args, "editPractice");
  const themes = await listThemes(args.context.db);
  const pending = await takePendingSubmission(args, member);
  // A draft's author (its organisation) chooses who will read it; once published, that changes on the practice page.
  const choosesAudience = practice.status === "draft" && practice.source_practice_id === null && practice.organisation_id === member.organisationId;
  const audience = choosesAudience ? await audienceOptionsFor(args.context.db, member, { audience: practice.audience, groupId: practice.audience_group_id }) : null;
  const attachments = await attachmentsForForm(args.context.db, { member, practiceId: practice.id, restored: pending?.values });
  return json({
    themes,
    countries: countryOptions(await requestLocale(args)),
    practice: { slug: practice.slug, title: practice.title, status: practice.status, currentRevision: practice.current_revision },
    defaults: withPendingValues({ ...writeUpOf(practice), language: practice.language, themes: practice.themes, countries: practice.countries }, pending?.values),
    restored: pending?.restored ?? false,
    audience: audience && { ...audience, value: pending?.values.audience?.[0] ?? audience.value },
    attachments,
  });
}

export async function action(args: ActionFunctionArgs) {
  const { member, practice } = await requirePractice(args, "editPractice");
  const { request, context } = args;
  const submission = await readPracticeForm(context.db, request, { published: practice.status !== "draft", member, practiceId: practice.id });
  if (submission.kind === "answer") return json(submission.body, { status: submission.status });
  await inTransaction(context.db, (trx) =>
    updatePractice(trx, {
      id: practice.id,
      editorId: member.id,
      writeUp: submission.writeUp,
      meta: submission.meta,
      publish: submission.publish,
      note: submission.note,
      audience: practice.organisation_id === member.organisationId ? submission.audience : undefined,
      attachments: submission.attachments,
    }),
  );
  if (submission.autosave) return json({ savedAt: new Date().toISOString(), slug: practice.slug });
  const done = practice.status !== "draft" ? "revision" : submission.publish ? "published" : "draft";
  return redirect(`/practices/${encodeURIComponent(practice.slug)}?done=${done}`);
}

export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "preview" || formData?.get("intent") === "autosave" ? false : defaultShouldRevalidate;

export default function EditPracticePage() {
  const { themes, countries, practice, defaults, restored, audience, attachments } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <p>
        <Link to={`/practices/${practice.slug}`}>{t("practice.backTo", { title: practice.title })}</Link>
      </p>
      <h1>{t("practice.editTitle", { title: practice.title })}</h1>
      {practice.status !== "draft" ? <p className="muted">{t("practice.editPublishedIntro", { next: practice.currentRevision + 1 })}</p> : null}
      {restored ? (
        <p className="notice" role="status">
          {t("form.restoredAfterSignIn")}
        </p>
      ) : null}
      <PracticeForm
        defaults={defaults}
        themes={themes}
        mode={practice.status === "draft" ? "draft" : "published"}
        countries={countries}
        audience={audience ?? undefined}
        attachments={attachments}
        practiceSlug={practice.slug}
      />
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
