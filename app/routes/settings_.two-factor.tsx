import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import QRCode from "qrcode";
import { z } from "zod";
import { mustEnrol, requireMember } from "../auth/guards.server";
import { verifyPassword } from "../auth/password.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { recordAudit } from "../models/audit.server";
import { combinedRateLimitState, recordRateLimitFailure, signInLimits } from "../models/rate-limit.server";
import {
  confirmEnrolment,
  countUnusedRecoveryCodes,
  groupSecret,
  isEnrolled,
  markSessionConfirmed,
  pendingEnrolmentSecret,
  removeTwoFactor,
  replaceRecoveryCodes,
  totpUri,
  verifySecondFactor,
} from "../models/two-factor.server";
import { getPasswordHash, normaliseEmail } from "../models/user.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { ErrorSummary, Field, type FormState } from "../ui/forms";
import { Link } from "../ui/link";
import type { FieldErrors } from "../utils/forms";
import { parseForm } from "../utils/forms";
import { inTransaction } from "../server/database.server";
import { sectionHandle, withSection } from "../i18n/sections";

export const meta = pageTitle("twoFactor.title");
// This page's strings are a catalogue section (app/i18n/sections.ts).
export const handle = sectionHandle("account");
export const clientLoader = withSection("account");

const code = /* @__PURE__ */ (() => z.string({ error: "validation.required" }).trim().min(1, "validation.required").max(40, "validation.tooLong"))();
const TwoFactorIntent = /* @__PURE__ */ (() =>
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("enrol"), code }),
    z.object({ intent: z.literal("regenerate"), code }),
    z.object({
      intent: z.literal("disable"),
      password: z.string({ error: "validation.required" }).min(1, "validation.required").max(200, "validation.tooLong"),
      code,
    }),
  ]))();

/** The QR code's dark modules as one SVG path, drawn on the server: no script, no image fetched from anyone. */
function qrPath(uri: string): { size: number; path: string } {
  const { modules } = QRCode.create(uri, { errorCorrectionLevel: "M" });
  let path = "";
  for (let y = 0; y < modules.size; y++) {
    for (let x = 0; x < modules.size; x++) {
      if (modules.get(x, y)) path += `M${x} ${y}h1v1h-1z`;
    }
  }
  return { size: modules.size, path };
}

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  const db = args.context.db;
  // Administrators and curators may not go without it (guards.server.ts).
  const required = mustEnrol({ role: member.role, twoFactorEnrolled: false });
  // Read afresh, not from the session: after a no-JavaScript enrolment this loader runs in the same request as the action.
  if (await isEnrolled(db, { userId: member.id })) {
    return json({ enrolled: true as const, required, unusedRecoveryCodes: await countUnusedRecoveryCodes(db, { userId: member.id }), setup: null });
  }
  // Kept until a code confirms it, so a reload shows the same QR code.
  const secret = await pendingEnrolmentSecret(db, { userId: member.id });
  const uri = totpUri({ secret: secret ?? "", accountName: member.email });
  return json({ enrolled: false as const, required, unusedRecoveryCodes: 0, setup: { secret: groupSecret(secret ?? ""), qr: qrPath(uri) } });
}

type ActionData = FormState & { intent?: string; recoveryCodes?: string[] };

export async function action(args: ActionFunctionArgs) {
  const member = await requireMember(args);
  const { request, context } = args;
  const formData = await request.formData();
  const parsed = parseForm(TwoFactorIntent, formData);
  const intent = String(formData.get("intent") ?? "");
  if (!parsed.ok) return json({ intent, errors: parsed.errors, values: {} }, { status: 400 });
  const input = parsed.data;
  const fail = (errors: FieldErrors, status = 400) => json({ intent, errors, values: {} }, { status });
  const audit = (on: Parameters<typeof recordAudit>[0], action: Parameters<typeof recordAudit>[1]["action"]) =>
    recordAudit(on, { actorId: member.id, action, targetType: "user", targetId: member.id, ip: context.clientIp });

  // Codes typed here count against the same limits as sign-in: this page is no side door for guessing.
  const limits = signInLimits({ email: normaliseEmail(member.email), ip: context.clientIp });
  const { lockedForMs } = await combinedRateLimitState(context.db, limits);
  if (lockedForMs > 0) return fail({ code: { key: "login.locked", params: { minutes: Math.ceil(lockedForMs / 60_000) } } }, 429);
  const failed = async (errors: FieldErrors) => {
    for (const limit of limits) await recordRateLimitFailure(context.db, limit);
    return fail(errors);
  };

  switch (input.intent) {
    case "enrol": {
      if (member.twoFactorEnrolled) return redirect("/settings/two-factor");
      // Enrolled and given recovery codes together, or neither.
      const recoveryCodes = await inTransaction(context.db, async (trx) => {
        if (!(await confirmEnrolment(trx, { userId: member.id, code: input.code }))) return null;
        const codes = await replaceRecoveryCodes(trx, { userId: member.id });
        await markSessionConfirmed(trx, { sessionId: member.sessionId });
        await audit(trx, "two_factor.enabled");
        return codes;
      });
      if (!recoveryCodes) return failed({ code: { key: "twoFactor.invalidCode" } });
      return json({ intent, recoveryCodes });
    }
    case "regenerate": {
      // A current code (or an unused recovery code) confirms it: the old codes stop working at once.
      if (!member.twoFactorEnrolled) return redirect("/settings/two-factor");
      const recoveryCodes = await inTransaction(context.db, async (trx) => {
        if (!(await verifySecondFactor(trx, { userId: member.id, code: input.code }))) return null;
        const codes = await replaceRecoveryCodes(trx, { userId: member.id });
        await audit(trx, "two_factor.recovery_codes_regenerated");
        return codes;
      });
      if (!recoveryCodes) return failed({ code: { key: "twoFactor.invalidCode" } });
      return json({ intent, recoveryCodes });
    }
    case "disable": {
      if (!member.twoFactorEnrolled) return redirect("/settings/two-factor");
      const hash = await getPasswordHash(context.db, { id: member.id });
      if (!hash || !(await verifyPassword(hash, input.password))) return failed({ password: { key: "settings.wrongPassword" } });
      const disabled = await inTransaction(context.db, async (trx) => {
        if (!(await verifySecondFactor(trx, { userId: member.id, code: input.code }))) return false;
        await removeTwoFactor(trx, { userId: member.id });
        await markSessionConfirmed(trx, { sessionId: member.sessionId });
        await audit(trx, "two_factor.disabled");
        return true;
      });
      if (!disabled) return failed({ code: { key: "twoFactor.invalidCode" } });
      return redirect("/settings/two-factor?saved=off");
    }
  }
}

function useIntentState(intent: string): FormState {
  const data = useActionData<ActionData>();
  return data?.intent === intent ? data : {};
}

function QrCode({ size, path, label }: { size: number; path: string; label: string }) {
  // Four modules of quiet zone around it, as scanners expect; crisp edges at any zoom.
  return (
    <svg className="qr-code" role="img" aria-label={label} viewBox={`-4 -4 ${size + 8} ${size + 8}`} width={(size + 8) * 6} height={(size + 8) * 6} shapeRendering="crispEdges">
      <rect x={-4} y={-4} width={size + 8} height={size + 8} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  const t = useT();
  return (
    <section aria-labelledby="recovery-heading" className="notice" role="status">
      <h2 id="recovery-heading">{t("twoFactor.recoveryHeading")}</h2>
      <p>{t("twoFactor.recoveryExplain")}</p>
      <ul className="recovery-codes" aria-label={t("twoFactor.recoveryHeading")}>
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}

export default function TwoFactorPage() {
  const data = useLoaderData<typeof loader>();
  const outcome = useActionData<ActionData>();
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const [params] = useSearchParams();
  const enrolState = useIntentState("enrol");
  const regenerateState = useIntentState("regenerate");
  const disableState = useIntentState("disable");
  return (
    <div className="narrow">
      <p>
        <Link to="/settings">{t("twoFactor.back")}</Link>
      </p>
      <h1>{t("twoFactor.title")}</h1>
      {params.get("saved") === "off" && !outcome ? (
        <p className="notice" role="status">
          {t("twoFactor.turnedOff")}
        </p>
      ) : null}
      {data.required && !data.enrolled ? (
        <p className="notice" role="status">
          {t("twoFactor.requiredExplain")}
        </p>
      ) : null}
      {outcome?.recoveryCodes ? <RecoveryCodes codes={outcome.recoveryCodes} /> : null}

      {data.setup ? (
        <>
          <p>{t("twoFactor.intro")}</p>
          <ol>
            <li>{t("twoFactor.stepScan")}</li>
            <li>{t("twoFactor.stepConfirm")}</li>
          </ol>
          <QrCode size={data.setup.qr.size} path={data.setup.qr.path} label={t("twoFactor.qrLabel")} />
          <p>{t("twoFactor.secretIntro")}</p>
          <p>
            <code className="copyable" data-testid="two-factor-secret">
              {data.setup.secret}
            </code>
          </p>
          <Form method="post" noValidate>
            <ErrorSummary state={enrolState} />
            <input type="hidden" name="intent" value="enrol" />
            <Field label={t("twoFactor.code")} name="code" required autoComplete="one-time-code" inputMode="numeric" hint={t("twoFactor.codeFromApp")} error={enrolState.errors?.code} />
            <button type="submit" disabled={busy}>
              {t("twoFactor.enrol")}
            </button>
          </Form>
        </>
      ) : (
        <>
          <p>{t("twoFactor.enabled")}</p>
          {outcome?.recoveryCodes ? (
            <p>
              <Link to="/">{t("twoFactor.continue")}</Link>
            </p>
          ) : null}
          <p>{t("twoFactor.recoveryLeft", { count: data.unusedRecoveryCodes })}</p>

          <section aria-labelledby="regenerate-heading">
            <h2 id="regenerate-heading">{t("twoFactor.regenerateHeading")}</h2>
            <p>{t("twoFactor.regenerateExplain")}</p>
            <Form method="post" noValidate>
              <ErrorSummary state={regenerateState} />
              <input type="hidden" name="intent" value="regenerate" />
              <Field label={t("twoFactor.code")} name="code" required autoComplete="one-time-code" error={regenerateState.errors?.code} />
              <button type="submit" className="button-secondary" disabled={busy}>
                {t("twoFactor.regenerate")}
              </button>
            </Form>
          </section>

          <section aria-labelledby="disable-heading">
            <h2 id="disable-heading">{t("twoFactor.disableHeading")}</h2>
            <p>{data.required ? t("twoFactor.disableRequired") : t("twoFactor.disableExplain")}</p>
            <Form method="post" noValidate>
              <ErrorSummary state={disableState} />
              <input type="hidden" name="intent" value="disable" />
              <Field label={t("settings.currentPassword")} name="password" type="password" required autoComplete="current-password" error={disableState.errors?.password} />
              <Field label={t("twoFactor.code")} name="code" required autoComplete="one-time-code" error={disableState.errors?.code} />
              <button type="submit" className="button-danger" disabled={busy}>
                {t("twoFactor.disable")}
              </button>
            </Form>
          </section>
        </>
      )}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
