import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useNavigation, useSearchParams } from "@remix-run/react";
import { Link } from "../ui/link";
import { z } from "zod";
import { claimPendingForMember, getMember, SECOND_FACTOR_PATH, safeRedirect, startSession } from "../auth/guards.server";
import { decoyHash, verifyPassword } from "../auth/password.server";
import { keepLanguageAfterSignIn } from "../i18n/locale.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { recordAudit } from "../models/audit.server";
import { clearRateLimit, combinedRateLimitState, recordRateLimitFailure, signInLimits, signInPairKey } from "../models/rate-limit.server";
import { isEnrolled } from "../models/two-factor.server";
import { findUserForSignIn, hasAnyUser, normaliseEmail } from "../models/user.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { ErrorSummary, Field, useFormState, valueOf } from "../ui/forms";
import { parseForm, requiredText } from "../utils/forms";
import { inTransaction } from "../server/database.server";
import { sectionHandle, withSection } from "../i18n/sections";

export const meta = pageTitle("login.title");

/** A plain form: no JavaScript to wait for on a slow phone (root.tsx). */
export const handle = { scripts: false, ...sectionHandle("account") };
export const clientLoader = withSection("account");

const LoginSchema = /* @__PURE__ */ (() =>
  z.object({
    email: requiredText(254),
    password: z.string({ error: "validation.required" }).min(1, "validation.required").max(200, "validation.tooLong"),
    redirectTo: z.string().optional(),
  }))();

/** Sign-in is open to everyone; a signed-in member goes straight on, an empty database to setup. */
async function redirectIfSignedIn(args: LoaderFunctionArgs) {
  if (!(await hasAnyUser(args.context.db))) throw redirect("/setup");
  if (await getMember(args)) {
    throw redirect(safeRedirect(new URL(args.request.url).searchParams.get("redirectTo")));
  }
}

export async function loader(args: LoaderFunctionArgs) {
  await redirectIfSignedIn(args);
  return json({});
}

export async function action(args: ActionFunctionArgs) {
  await redirectIfSignedIn(args);
  const { request, context } = args;
  const parsed = parseForm(LoginSchema, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const { email, password, redirectTo } = parsed.data;

  // Per account and address, per account anywhere, per address, per subnet: rotating
  // addresses does not buy more guesses, and a stranger's guessing locks only their pair.
  const limits = signInLimits({ email: normaliseEmail(email), ip: context.clientIp });
  const { lockedForMs, delayMs } = await combinedRateLimitState(context.db, limits);
  if (lockedForMs > 0) {
    await recordAudit(context.db, { actorId: null, action: "auth.signin_refused", detail: { email: normaliseEmail(email) }, ip: context.clientIp });
    return json({ formError: { key: "login.locked" as const, params: { minutes: Math.ceil(lockedForMs / 60_000) } }, values: { email, redirectTo: redirectTo ?? "" } }, { status: 429 });
  }
  await sleep(delayMs);

  const user = await findUserForSignIn(context.db, { email });
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
  if (!user || !valid || user.disabledAt !== null) {
    await inTransaction(context.db, async (trx) => {
      for (const limit of limits) await recordRateLimitFailure(trx, limit);
      await recordAudit(trx, {
        actorId: null,
        action: "auth.signin_failed",
        targetType: user ? "user" : undefined,
        targetId: user?.id,
        detail: { email: normaliseEmail(email), reason: !user ? "unknown" : !valid ? "password" : "disabled" },
        ip: context.clientIp,
      });
    });
    return json({ formError: { key: "login.invalid" as const }, values: { email, redirectTo: redirectTo ?? "" } }, { status: 400 });
  }
  if (await isEnrolled(context.db, { userId: user.id })) {
    // Half a sign-in: the session opens unverified and the code page finishes it. The
    // rate limits stay as they are until the code is right, so guessing codes counts too.
    const halfCookie = await inTransaction(context.db, async (trx) => {
      await keepLanguageAfterSignIn(trx, { request, userId: user.id });
      return startSession(args, user.id, trx, { secondFactorVerified: false });
    });
    const next = safeRedirect(redirectTo, "");
    return redirect(`${SECOND_FACTOR_PATH}${next ? `?${new URLSearchParams({ redirectTo: next })}` : ""}`, { headers: { "Set-Cookie": halfCookie } });
  }
  const cookie = await inTransaction(context.db, async (trx) => {
    await clearRateLimit(trx, { key: signInPairKey({ email: normaliseEmail(email), ip: context.clientIp }) });
    await recordAudit(trx, { actorId: user.id, action: "auth.signin", targetType: "user", targetId: user.id, ip: context.clientIp });
    await keepLanguageAfterSignIn(trx, { request, userId: user.id });
    return startSession(args, user.id, trx);
  });
  // A form this browser sent when the session had ended becomes this member's to take back.
  await claimPendingForMember(args, user.id);
  return redirect(safeRedirect(redirectTo), { headers: { "Set-Cookie": cookie } });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export default function LoginPage() {
  const t = useT();
  const state = useFormState();
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="narrow">
      <h1>{t("login.title")}</h1>
      <p>{t("app.tagline")}</p>
      <p>{t("login.intro")}</p>
      <Form method="post" noValidate>
        <ErrorSummary state={state} />
        {state.formError?.key === "login.locked" ? (
          <p>
            <Link to="/forgot-password">{t("login.lockedReset")}</Link>
          </p>
        ) : null}
        <input type="hidden" name="redirectTo" value={valueOf(state, "redirectTo") ?? searchParams.get("redirectTo") ?? ""} />
        <Field label={t("login.email")} name="email" type="email" required autoComplete="username" defaultValue={valueOf(state, "email")} error={state.errors?.email} />
        <Field label={t("login.password")} name="password" type="password" required autoComplete="current-password" error={state.errors?.password} />
        <button type="submit" disabled={busy}>
          {t("login.submit")}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t("login.forgot")}</Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
