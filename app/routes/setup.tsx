import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ENROLMENT_PATH, startSession } from "../auth/guards.server";
import { hashPassword } from "../auth/password.server";
import { notFound } from "../auth/permissions.server";
import { resolveLocale } from "../i18n/locales";
import { countryOptions, requestLocale } from "../i18n/locale.server";
import { pageTitle } from "../i18n/meta";
import { useI18n } from "../i18n/react";
import { recordAudit } from "../models/audit.server";
import { createFirstAdministrator, hasAnyUser } from "../models/user.server";
import { applyGlossaryImport } from "../models/glossary.server";
import { STARTER_GLOSSARY } from "../domain/glossary-starter";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { ErrorSummary, Field, SelectField, useFormState, valueOf } from "../ui/forms";
import { isCountryCode } from "../utils/countries";
import { MIN_PASSWORD_LENGTH, emailField, newPasswordField, parseForm, requiredText } from "../utils/forms";
import { inTransaction } from "../server/database.server";
import { sectionHandle, withSection } from "../i18n/sections";

export const meta = pageTitle("setup.title");

/** A plain form: no JavaScript to wait for on a slow phone (root.tsx). */
export const handle = { scripts: false, ...sectionHandle("account") };
export const clientLoader = withSection("account");

const SetupSchema = /* @__PURE__ */ (() =>
  z.object({
    organisationName: requiredText(200),
    country: z.string({ error: "validation.country" }).refine(isCountryCode, "validation.country"),
    displayName: requiredText(100),
    email: emailField,
    password: newPasswordField(MIN_PASSWORD_LENGTH),
    starterGlossary: z.literal("on").optional(),
  }))();

/** Setup exists only while the database has no user; after that it is gone for good. */
async function requireEmptyDatabase({ context }: { context: LoaderFunctionArgs["context"] }) {
  if (await hasAnyUser(context.db)) notFound();
}

export async function loader(args: LoaderFunctionArgs) {
  await requireEmptyDatabase(args);
  const locale = await requestLocale(args);
  return json({ minPassword: MIN_PASSWORD_LENGTH, countries: countryOptions(locale) });
}

export async function action(args: ActionFunctionArgs) {
  await requireEmptyDatabase(args);
  const { request, context } = args;
  const parsed = parseForm(SetupSchema, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const locale = resolveLocale({ acceptLanguage: request.headers.get("Accept-Language") });
  const passwordHash = await hashPassword(parsed.data.password);
  const created = await inTransaction(context.db, async (trx) => {
    const administrator = await createFirstAdministrator(trx, { ...parsed.data, passwordHash, locale });
    if (administrator) {
      await recordAudit(trx, {
        actorId: administrator.userId,
        action: "setup.completed",
        targetType: "organisation",
        targetId: administrator.organisationId,
        ip: context.clientIp,
      });
      if (parsed.data.starterGlossary === "on") {
        const counts = await applyGlossaryImport(trx, { concepts: STARTER_GLOSSARY, authorId: administrator.userId, summary: "Starter glossary" });
        await recordAudit(trx, { actorId: administrator.userId, action: "glossary.imported", targetType: "glossary", detail: { source: "starter", ...counts }, ip: context.clientIp });
      }
    }
    return administrator;
  });
  if (!created) notFound();
  const cookie = await startSession(args, created.userId);
  // The first administrator sets up the second factor before anything else (guards.server.ts).
  return redirect(ENROLMENT_PATH, { headers: { "Set-Cookie": cookie } });
}

export default function SetupPage() {
  const { minPassword, countries: countryList } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const state = useFormState();
  const busy = useNavigation().state === "submitting";
  const countries = countryList.map((c) => ({ value: c.code, label: c.name }));
  return (
    <div className="narrow">
      <h1>{t("setup.title")}</h1>
      <p>{t("setup.intro")}</p>
      <Form method="post" noValidate>
        <ErrorSummary state={state} />
        <fieldset>
          <legend>{t("setup.organisation")}</legend>
          <Field label={t("setup.organisationName")} name="organisationName" required defaultValue={valueOf(state, "organisationName")} error={state.errors?.organisationName} />
          <SelectField
            label={t("setup.country")}
            name="country"
            required
            options={countries}
            placeholder={t("setup.chooseCountry")}
            defaultValue={valueOf(state, "country") ?? ""}
            error={state.errors?.country}
          />
        </fieldset>
        <fieldset>
          <legend>{t("setup.administrator")}</legend>
          <Field label={t("setup.displayName")} name="displayName" required autoComplete="name" defaultValue={valueOf(state, "displayName")} error={state.errors?.displayName} />
          <Field label={t("setup.email")} name="email" type="email" required autoComplete="email" defaultValue={valueOf(state, "email")} error={state.errors?.email} />
          <Field label={t("setup.password")} name="password" type="password" required autoComplete="new-password" hint={t("setup.passwordHint", { min: minPassword })} error={state.errors?.password} />
        </fieldset>
        <fieldset>
          <legend>{t("setup.glossary")}</legend>
          <label>
            {/* Checked at first; after a failed submit, as the person left it. */}
            <input type="checkbox" name="starterGlossary" defaultChecked={state.values ? valueOf(state, "starterGlossary") === "on" : true} /> {t("setup.starterGlossary")}
          </label>
          <p className="hint">{t("setup.starterGlossaryHint")}</p>
        </fieldset>
        <button type="submit" disabled={busy}>
          {t("setup.submit")}
        </button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
