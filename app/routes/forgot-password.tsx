import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { Link } from "../ui/link";
import { z } from "zod";
import { getMember } from "../auth/guards.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { recordAudit } from "../models/audit.server";
import { createPasswordReset } from "../models/password-reset.server";
import { combinedRateLimitState, recordRateLimitFailure, RESET_REQUEST, resetRequestKeys } from "../models/rate-limit.server";
import { findUserByEmail, normaliseEmail } from "../models/user.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { ErrorSummary, Field, useFormState, valueOf } from "../ui/forms";
import { runAfterResponse } from "../server/background.server";
import { sendPasswordResetEmail } from "../utils/emails.server";
import { emailField, parseForm } from "../utils/forms";
import { inTransaction } from "../server/database.server";
import { sectionHandle, withSection } from "../i18n/sections";

export const meta = pageTitle("forgot.title");

/** A plain form: no JavaScript to wait for on a slow phone (root.tsx). */
export const handle = { scripts: false, ...sectionHandle("account") };
export const clientLoader = withSection("account");

const ForgotSchema = /* @__PURE__ */ (() => z.object({ email: emailField }))();

/** Open to everyone; a signed-in member changes their password in settings instead. */
async function redirectIfSignedIn(args: LoaderFunctionArgs) {
  if (await getMember(args)) throw redirect("/settings");
}

export async function loader(args: LoaderFunctionArgs) {
  await redirectIfSignedIn(args);
  return json({});
}

export async function action(args: ActionFunctionArgs) {
  await redirectIfSignedIn(args);
  const { request, context } = args;
  const parsed = parseForm(ForgotSchema, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const email = normaliseEmail(parsed.data.email);

  const keys = resetRequestKeys({ email, ip: context.clientIp });
  const { lockedForMs } = await combinedRateLimitState(
    context.db,
    keys.map((key) => ({ key, policy: RESET_REQUEST })),
  );
  if (lockedForMs > 0) {
    return json({ formError: { key: "forgot.locked" as const, params: { minutes: Math.ceil(lockedForMs / 60_000) } }, values: { email } }, { status: 429 });
  }
  await inTransaction(context.db, async (trx) => {
    for (const key of keys) await recordRateLimitFailure(trx, { key, policy: RESET_REQUEST });
  });

  // The answer is the same, and as quick, whether or not the address has an account: the
  // lookup, the link and the e-mail all happen after it has gone.
  const ip = context.clientIp;
  runAfterResponse("password reset e-mail", async () => {
    const user = await findUserByEmail(context.db, { email });
    if (!user || user.disabledAt !== null) return;
    const token = await inTransaction(context.db, async (trx) => {
      const created = await createPasswordReset(trx, { userId: user.id });
      await recordAudit(trx, { actorId: null, action: "password.reset_requested", targetType: "user", targetId: user.id, ip });
      return created;
    });
    await sendPasswordResetEmail(request, { to: user.email, token, locale: user.locale });
  });
  return json({ done: true as const });
}

export default function ForgotPasswordPage() {
  const t = useT();
  const state = useFormState();
  const done = (useActionData() as { done?: true } | undefined)?.done;
  const busy = useNavigation().state === "submitting";
  return (
    <div className="narrow">
      <h1>{t("forgot.title")}</h1>
      {done ? (
        <p className="notice" role="status">
          {t("forgot.sent")}
        </p>
      ) : (
        <>
          <p>{t("forgot.intro")}</p>
          <Form method="post" noValidate>
            <ErrorSummary state={state} />
            <Field label={t("login.email")} name="email" type="email" required autoComplete="email" defaultValue={valueOf(state, "email")} error={state.errors?.email} />
            <button type="submit" disabled={busy}>
              {t("forgot.submit")}
            </button>
          </Form>
        </>
      )}
      <p>
        <Link to="/login">{t("forgot.back")}</Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
