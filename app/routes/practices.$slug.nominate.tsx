import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { Link } from "../ui/link";
import { z } from "zod";
import { can } from "../auth/permissions.server";
import { dataTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { listOpenHandbooks } from "../models/handbook.server";
import { createNomination } from "../models/nomination.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { ErrorSummary, SelectField, TextareaField, useFormState, valueOf } from "../ui/forms";
import { parseForm, requiredText } from "../utils/forms";
import { requirePractice } from "../auth/practice-access.server";

export const meta = dataTitle((data: { practice: { title: string } }) => data.practice.title, "nominate.title");

const NominateSchema = /* @__PURE__ */ (() =>
  z.object({
    handbook: z.union([z.literal("next"), z.coerce.number().int().positive()], { error: "validation.required" }),
    reason: requiredText(2_000),
  }))();

/** Only a published practice can be nominated, and never a withdrawn one. */
async function requireNominable(args: LoaderFunctionArgs) {
  const { member, practice } = await requirePractice(args, "viewPractice");
  if (practice.status !== "published" || practice.withdrawn_at !== null) throw new Response("Conflict", { status: 409 });
  return { member, practice };
}

/** Handbooks in draft or review exist only for curators: others nominate for "the next handbook". */
async function choosableHandbooks(args: LoaderFunctionArgs, member: Parameters<typeof can>[0]): ReturnType<typeof listOpenHandbooks> {
  if (!can(member, "curate")) return [];
  return listOpenHandbooks(args.context.db);
}

export async function loader(args: LoaderFunctionArgs) {
  const { member, practice } = await requireNominable(args);
  const handbooks = await choosableHandbooks(args, member);
  return json({ practice: { slug: practice.slug, title: practice.title }, handbooks, forAllMembers: practice.audience === "all" });
}

export async function action(args: ActionFunctionArgs) {
  const { member, practice } = await requireNominable(args);
  const parsed = parseForm(NominateSchema, await args.request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const { handbook, reason } = parsed.data;
  // A handbook is for every member: a practice its organisation narrowed cannot enter one.
  if (practice.audience !== "all") return json({ errors: { handbook: { key: "nominate.notForAll" } }, values: parsed.data }, { status: 400 });
  let handbookId: number | null = null;
  if (handbook !== "next") {
    const open = await choosableHandbooks(args, member);
    if (!open.some((h) => h.id === handbook)) return json({ errors: { handbook: { key: "nominate.handbookClosed" } }, values: parsed.data }, { status: 400 });
    handbookId = handbook;
  }
  await createNomination(args.context.db, { practiceId: practice.id, handbookId, nominatorId: member.id, reason });
  return redirect(`/practices/${encodeURIComponent(practice.slug)}?nominated=1`);
}

export default function NominatePage() {
  const { practice, handbooks, forAllMembers } = useLoaderData<typeof loader>();
  const t = useT();
  const state = useFormState();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="narrow">
      <p>
        <Link to={`/practices/${practice.slug}`}>{t("practice.backTo", { title: practice.title })}</Link>
      </p>
      <h1>{t("nominate.heading", { title: practice.title })}</h1>
      <p>{t("nominate.intro")}</p>
      {forAllMembers ? null : (
        <p className="notice" role="note">
          {t("nominate.notForAll")}
        </p>
      )}
      <Form method="post" noValidate>
        <ErrorSummary state={state} />
        <SelectField
          label={t("nominate.handbook")}
          name="handbook"
          options={[{ value: "next", label: t("nominate.next") }, ...handbooks.map((h) => ({ value: String(h.id), label: t("handbook.titleEdition", { title: h.title, edition: h.edition }) }))]}
          defaultValue={valueOf(state, "handbook") ?? "next"}
          error={state.errors?.handbook}
        />
        <TextareaField label={t("nominate.reason")} name="reason" rows={4} required hint={t("nominate.reasonHint")} defaultValue={valueOf(state, "reason")} error={state.errors?.reason} />
        <button type="submit" disabled={busy}>
          {t("nominate.submit")}
        </button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
