import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { Link } from "../ui/link";
import { z } from "zod";
import { SECOND_FACTOR_PATH, startSession } from "../auth/guards.server";
import { isEnrolled } from "../models/two-factor.server";
import { hashPassword } from "../auth/password.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { recordAudit } from "../models/audit.server";
import { completePasswordReset, findUsablePasswordReset } from "../models/password-reset.server";
import { clearSignInLimitsForAccount } from "../models/rate-limit.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { ErrorSummary, Field, useFormState } from "../ui/forms";
import { MIN_PASSWORD_LENGTH, newPasswordField, parseForm } from "../utils/forms";
import { inTransaction } from "../server/database.server";
import { sectionHandle, withSection } from "../i18n/sections";

export const meta = pageTitle("reset.title");

/** A plain form: no JavaScript to wait for on a slow phone (root.tsx). */
export const handle = { scripts: false, ...sectionHandle("account") };
export const clientLoader = withSection("account");

const ResetSchema = /* @__PURE__ */ (() => z.object({ password: newPasswordField(MIN_PASSWORD_LENGTH) }))();
const TokenParams = /* @__PURE__ */ (() => z.object({ token: z.string().min(1).max(100) }))();

/** The link itself is the permission: a usable single-use token, nothing else. */
async function usableReset({ params, context }: LoaderFunctionArgs) {
  const parsed = TokenParams.safeParse(params);
  if (!parsed.success) return null;
  return findUsablePasswordReset(context.db, { token: parsed.data.token });
}

export async function loader(args: LoaderFunctionArgs) {
  const reset = await usableReset(args);
  return json({ usable: Boolean(reset), email: reset?.email ?? null, minPassword: MIN_PASSWORD_LENGTH }, { status: reset ? 200 : 410 });
}

export async function action(args: ActionFunctionArgs) {
  const { request, context, params } = args;
  const reset = await usableReset(args);
  if (!reset) return json({ usable: false }, { status: 410 });
  const parsed = parseForm(ResetSchema, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const passwordHash = await hashPassword(parsed.data.password);
  const userId = await inTransaction(context.db, async (trx) => {
    const done = await completePasswordReset(trx, { token: params.token ?? "", passwordHash });
    if (done === null) return null;
    // A new password is the way out of a sign-in lock, wherever the wrong guesses came from.
    await clearSignInLimitsForAccount(trx, { email: reset.email });
    await recordAudit(trx, { actorId: done, action: "password.reset_completed", targetType: "user", targetId: done, ip: context.clientIp });
    return done;
  });
  if (userId === null) return json({ usable: false }, { status: 410 });
  // A reset link proves the inbox, not the phone: a member with a second factor still gives the code.
  const enrolled = await isEnrolled(context.db, { userId });
  const cookie = await startSession(args, userId, context.db, { secondFactorVerified: !enrolled });
  return redirect(enrolled ? SECOND_FACTOR_PATH : "/", { headers: { "Set-Cookie": cookie } });
}

export default function ResetPasswordPage() {
  const { usable, email, minPassword } = useLoaderData<typeof loader>();
  const t = useT();
  const state = useFormState();
  const busy = useNavigation().state === "submitting";
  if (!usable) {
    return (
      <div className="narrow">
        <h1>{t("reset.unusableTitle")}</h1>
        <p>{t("reset.unusable")}</p>
        <p>
          <Link to="/forgot-password">{t("reset.again")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <h1>{t("reset.title")}</h1>
      <p>{t("reset.intro", { email: email ?? "" })}</p>
      <Form method="post" noValidate>
        <ErrorSummary state={state} />
        <Field label={t("reset.password")} name="password" type="password" required autoComplete="new-password" hint={t("setup.passwordHint", { min: minPassword })} error={state.errors?.password} />
        <button type="submit" disabled={busy}>
          {t("reset.submit")}
        </button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
