import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireMember } from "../auth/guards.server";
import { requirePermission } from "../auth/permissions.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { recordAudit } from "../models/audit.server";
import { createHandbook } from "../models/handbook.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { ErrorSummary, Field, SelectField, TextareaField, useFormState, valueOf } from "../ui/forms";
import { useFormat } from "../ui/format";
import { optionalText, parseForm, requiredText } from "../utils/forms";
import { WORKING_LANGUAGES } from "../domain/language";
import { inTransaction } from "../server/database.server";
import { sectionHandle, withSection } from "../i18n/sections";

export const meta = pageTitle("handbooks.new");
// This page's strings are a catalogue section (app/i18n/sections.ts).
export const handle = sectionHandle("manage");
export const clientLoader = withSection("manage");

const HandbookSchema = /* @__PURE__ */ (() =>
  z.object({
    title: requiredText(200),
    edition: z.coerce.number({ error: "validation.edition" }).int("validation.edition").min(1, "validation.edition").max(99, "validation.edition"),
    language: z.enum(WORKING_LANGUAGES, { error: "validation.language" }),
    intro: optionalText(20_000),
  }))();

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "curate");
  return json({});
}

export async function action(args: ActionFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "curate");
  const parsed = parseForm(HandbookSchema, await args.request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const created = await inTransaction(args.context.db, async (trx) => {
    const handbook = await createHandbook(trx, { ...parsed.data, introMd: parsed.data.intro, createdBy: member.id });
    await recordAudit(trx, { actorId: member.id, action: "handbook.created", targetType: "handbook", targetId: handbook.id, detail: { title: parsed.data.title }, ip: args.context.clientIp });
    return handbook;
  });
  return redirect(`/handbooks/${encodeURIComponent(created.slug)}/curate`);
}

export default function NewHandbookPage() {
  const t = useT();
  const format = useFormat();
  const state = useFormState();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="narrow">
      <h1>{t("handbooks.new")}</h1>
      <Form method="post" noValidate>
        <ErrorSummary state={state} />
        <Field label={t("handbook.title")} name="title" required defaultValue={valueOf(state, "title")} error={state.errors?.title} />
        <Field label={t("handbook.edition")} name="edition" type="number" min={1} required defaultValue={valueOf(state, "edition") ?? "1"} error={state.errors?.edition} />
        <SelectField
          label={t("handbook.language")}
          name="language"
          required
          options={WORKING_LANGUAGES.map((l) => ({ value: l, label: format.language(l) }))}
          defaultValue={valueOf(state, "language") ?? "en"}
          error={state.errors?.language}
        />
        <TextareaField label={t("handbook.intro")} name="intro" rows={6} hint={t("org.descriptionHint")} defaultValue={valueOf(state, "intro")} error={state.errors?.intro} />
        <button type="submit" disabled={busy}>
          {t("handbooks.create")}
        </button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
