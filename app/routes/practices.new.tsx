import { json, redirect, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { z } from "zod";
import { requireMember, takePendingSubmission } from "../auth/guards.server";
import type { SessionMember } from "../auth/session.server";
import { can, notFound } from "../auth/permissions.server";
import { countryOptions, requestLocale } from "../i18n/locale.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { createPractice, getPracticeBySlug, listThemes, listTranslationGroup, writeUpOf } from "../models/practice.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { PracticeForm, type PracticeDefaults } from "../forms/practice/form";
import { readPracticeForm } from "../forms/practice/submit.server";
import { attachmentsForForm } from "../forms/practice/attachments.server";
import { audienceOptionsFor } from "../forms/practice/audience.server";
import { defaultAudienceOf } from "../models/organisation-group.server";
import { practiceSubject } from "../auth/practice-access.server";
import { parseSearchParams } from "../utils/query";
import { withPendingValues } from "../utils/pending-values";
import { inTransaction } from "../server/database.server";

export const meta = pageTitle("practice.new");

const Query = /* @__PURE__ */ (() => z.object({ translationOf: z.string().max(200).optional().catch(undefined) }))();

/** The published practice a translation is made from, and the languages its group already has. */
async function translationSource(db: AppLoadContext["db"], member: SessionMember, where: { slug: string } | { id: number }) {
  const source = await getPracticeBySlug(db, where);
  if (!source || source.status === "draft" || source.withdrawn_at !== null || !can(member, "viewPractice", practiceSubject(source))) notFound();
  const group = await listTranslationGroup(db, { groupId: source.source_practice_id ?? source.id });
  return { source, takenLanguages: group.map((v) => v.language) };
}

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  const { translationOf } = parseSearchParams(Query, args.request);
  const [themes, translation, pending, audience] = await Promise.all([
    listThemes(args.context.db),
    translationOf ? translationSource(args.context.db, member, { slug: translationOf }) : null,
    takePendingSubmission(args, member),
    audienceOptionsFor(args.context.db, member),
  ]);
  const attachments = await attachmentsForForm(args.context.db, { member, practiceId: null, restored: pending?.values });
  const defaults: PracticeDefaults = translation
    ? { ...writeUpOf(translation.source), language: "", themes: translation.source.themes, countries: translation.source.countries }
    : { title: "", summary: "", context: "", approach: "", resources: "", outcomes: "", lessons: "", adapt: "", language: member.locale ?? "en", themes: [], countries: [] };
  return json({
    themes,
    countries: countryOptions(await requestLocale(args)),
    defaults: withPendingValues(defaults, pending?.values),
    restored: pending?.restored ?? false,
    // A translation is read by its original's readers; a new write-up's author chooses.
    audience: translation ? null : { ...audience, value: pending?.values.audience?.[0] ?? audience.value },
    translation: translation && { id: translation.source.id, title: translation.source.title, takenLanguages: translation.takenLanguages },
    attachments,
  });
}

export async function action(args: ActionFunctionArgs) {
  const member = await requireMember(args);
  const { request, context } = args;
  const submission = await readPracticeForm(context.db, request, { published: false, member, practiceId: null });
  if (submission.kind === "answer") return json(submission.body, { status: submission.status });
  if (submission.translationOf !== undefined) {
    const { takenLanguages } = await translationSource(context.db, member, { id: submission.translationOf });
    if (takenLanguages.includes(submission.meta.language)) {
      return json({ errors: { language: { key: "practice.languageTaken" } }, values: submission.values, findings: [], attachments: { pending: submission.pending, refusals: [] } }, { status: 400 });
    }
  }
  // A form that did not say (an old page, a script) gets the organisation's default, not "all".
  const audience = submission.audience ?? (submission.translationOf === undefined ? await defaultAudienceOf(context.db, { organisationId: member.organisationId }) : undefined);
  const created = await inTransaction(context.db, (trx) =>
    createPractice(trx, {
      authorId: member.id,
      organisationId: member.organisationId,
      writeUp: submission.writeUp,
      meta: submission.meta,
      publish: submission.publish,
      translationOf: submission.translationOf,
      audience,
      attachments: submission.attachments,
    }),
  );
  // Saved by itself while typing: the page stays, and later autosaves go to this draft's edit URL.
  if (submission.autosave) return json({ savedAt: new Date().toISOString(), slug: created.slug });
  // The practice page confirms what happened (role="status"), with or without JavaScript.
  return redirect(`/practices/${encodeURIComponent(created.slug)}?done=${submission.publish ? "published" : "draft"}`);
}

/** A preview changes nothing on the server, and an autosave must not re-render the form. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "preview" || formData?.get("intent") === "autosave" ? false : defaultShouldRevalidate;

export default function NewPracticePage() {
  const { themes, countries, defaults, translation, restored, audience, attachments } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{translation ? t("practice.newTranslation", { title: translation.title }) : t("practice.new")}</h1>
      <p>{t("practice.templateIntro")}</p>
      {restored ? (
        <p className="notice" role="status">
          {t("form.restoredAfterSignIn")}
        </p>
      ) : null}
      <PracticeForm
        defaults={defaults}
        themes={themes}
        mode="new"
        translationOf={translation?.id}
        excludedLanguages={translation?.takenLanguages}
        countries={countries}
        audience={audience ?? undefined}
        attachments={attachments}
      />
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
