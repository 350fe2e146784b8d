import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { claimPendingForMember, getSession, safeRedirect } from "../auth/guards.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { recordAudit } from "../models/audit.server";
import { clearRateLimit, combinedRateLimitState, recordRateLimitFailure, signInLimits, signInPairKey } from "../models/rate-limit.server";
import { markSessionVerified, verifySecondFactor } from "../models/two-factor.server";
import { normaliseEmail } from "../models/user.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { ErrorSummary, Field, useFormState, valueOf } from "../ui/forms";
import { parseForm } from "../utils/forms";
import { inTransaction } from "../server/database.server";
import { sectionHandle, withSection } from "../i18n/sections";

export const meta = pageTitle("twoFactor.signInTitle");

/** A plain form, like the password step. */
export const handle = { scripts: false, ...sectionHandle("account") };
export const clientLoader = withSection("account");

const CodeSchema = /* @__PURE__ */ (() =>
  z.object({
    code: z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(40, "validation.tooLong"),
    redirectTo: z.string().optional(),
  }))();

/**
 * The second step of signing in: only a session that has given the password and not yet
 * the code comes here. Signed in already: straight on; no session at all: the password step.
 */
async function requireHalfSignedIn(args: LoaderFunctionArgs) {
  const session = await getSession(args);
  const redirectTo = new URL(args.request.url).searchParams.get("redirectTo");
  if (!session) throw redirect(`/login${redirectTo ? `?${new URLSearchParams({ redirectTo })}` : ""}`);
  if (session.secondFactorVerified) throw redirect(safeRedirect(redirectTo));
  return session;
}

export async function loader(args: LoaderFunctionArgs) {
  await requireHalfSignedIn(args);
  return json({});
}

export async function action(args: ActionFunctionArgs) {
  const session = await requireHalfSignedIn(args);
  const { request, context } = args;
  const parsed = parseForm(CodeSchema, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors, values: { redirectTo: String(parsed.values.redirectTo ?? "") } }, { status: 400 });
  const { code, redirectTo } = parsed.data;
  const email = normaliseEmail(session.email);
  const values = { redirectTo: redirectTo ?? "" };

  // The same keys and policies as the password: one budget of guesses for both steps.
  const limits = signInLimits({ email, ip: context.clientIp });
  const { lockedForMs, delayMs } = await combinedRateLimitState(context.db, limits);
  if (lockedForMs > 0) {
    await recordAudit(context.db, { actorId: null, action: "auth.signin_refused", detail: { email, step: "code" }, ip: context.clientIp });
    return json({ formError: { key: "login.locked" as const, params: { minutes: Math.ceil(lockedForMs / 60_000) } }, values }, { status: 429 });
  }
  await sleep(delayMs);

  const used = await verifySecondFactor(context.db, { userId: session.id, code });
  if (!used) {
    await inTransaction(context.db, async (trx) => {
      for (const limit of limits) await recordRateLimitFailure(trx, limit);
      await recordAudit(trx, { actorId: null, action: "auth.second_factor_failed", targetType: "user", targetId: session.id, ip: context.clientIp });
    });
    return json({ errors: { code: { key: "twoFactor.invalidCode" as const } }, values }, { status: 400 });
  }
  await inTransaction(context.db, async (trx) => {
    await markSessionVerified(trx, { sessionId: session.sessionId });
    await clearRateLimit(trx, { key: signInPairKey({ email, ip: context.clientIp }) });
    await recordAudit(trx, { actorId: session.id, action: "auth.signin", targetType: "user", targetId: session.id, detail: { secondFactor: used }, ip: context.clientIp });
  });
  // Only now, with both factors given, does a form kept from before become this member's.
  await claimPendingForMember(args, session.id);
  return redirect(safeRedirect(redirectTo));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export default function SecondFactorPage() {
  const t = useT();
  const state = useFormState();
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="narrow">
      <h1>{t("twoFactor.signInTitle")}</h1>
      <p>{t("twoFactor.signInIntro")}</p>
      <Form method="post" noValidate>
        <ErrorSummary state={state} />
        <input type="hidden" name="redirectTo" value={valueOf(state, "redirectTo") ?? searchParams.get("redirectTo") ?? ""} />
        <Field
          label={t("twoFactor.code")}
          name="code"
          required
          autoComplete="one-time-code"
          inputMode="text"
          autoCapitalize="none"
          spellCheck={false}
          hint={t("twoFactor.codeHint")}
          error={state.errors?.code}
        />
        <button type="submit" disabled={busy}>
          {t("twoFactor.verify")}
        </button>
      </Form>
      <Form method="post" action="/logout">
        <button type="submit" className="button-secondary">
          {t("twoFactor.cancel")}
        </button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
