import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Link } from "../ui/link";
import { z } from "zod";
import { ROLES } from "../domain/member";
import { recentSignInState, requireMember, requireRecentSignIn } from "../auth/guards.server";
import { invalidateUserSessions } from "../auth/session.server";
import { can, forbidden, notFound, requirePermission } from "../auth/permissions.server";
import { dataTitle } from "../i18n/meta";
import type { MessageKey } from "../i18n";
import { useT } from "../i18n/react";
import { completeAuditDetail, recordAudit } from "../models/audit.server";
import type { Db } from "../../db/client";
import { createPasswordReset } from "../models/password-reset.server";
import { isEnrolled, removeTwoFactor } from "../models/two-factor.server";
import { getUser, setDisabled, setRole } from "../models/user.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { ErrorSummary, SelectField, useFormState, valueOf } from "../ui/forms";
import { RecentSignInFields } from "../ui/recent-sign-in";
import { useFormat } from "../ui/format";
import { sendPasswordResetEmail, sendResetIssuedNotice, sendTwoFactorResetNotice } from "../utils/emails.server";
import { mailConfigured } from "../utils/mail.server";
import { parseForm } from "../utils/forms";
import { inTransaction } from "../server/database.server";
import { sectionHandle, withSection } from "../i18n/sections";

export const meta = dataTitle((data: { user: { displayName: string } }) => data.user.displayName, "admin.title");
// This page's strings are a catalogue section (app/i18n/sections.ts).
export const handle = sectionHandle("manage");
export const clientLoader = withSection("manage");

const Params = /* @__PURE__ */ (() => z.object({ id: z.coerce.number().int().positive() }))();
const MemberIntent = /* @__PURE__ */ (() =>
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("role"), role: z.enum(ROLES, { error: "validation.required" }) }),
    z.object({ intent: z.literal("disable") }),
    z.object({ intent: z.literal("enable") }),
    z.object({ intent: z.literal("reset") }),
    z.object({ intent: z.literal("resetTwoFactor") }),
  ]))();

async function requireManagedUser(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "administer");
  const params = Params.safeParse(args.params);
  const user = params.success ? await getUser(args.context.db, { id: params.data.id }) : undefined;
  if (!user) notFound();
  return { member, user };
}

export async function loader(args: LoaderFunctionArgs) {
  const { member, user } = await requireManagedUser(args);
  const otherAdministrator = isOtherAdministrator(member, user);
  return json({
    user,
    canManage: can(member, "manageMember", { userId: user.id }),
    reset: otherAdministrator ? (mailConfigured() ? ("mailOnly" as const) : ("refused" as const)) : ("available" as const),
    twoFactorEnrolled: await isEnrolled(args.context.db, { userId: user.id }),
    // Changing a role asks for the password (and code) again when the administrator's is stale.
    recentSignIn: recentSignInState(member),
  });
}

/**
 * Another administrator's reset link goes to them by e-mail, never to the screen: one
 * administrator must not be able to take over another's account alone.
 */
function isOtherAdministrator(member: { id: number }, user: { id: number; role: string }) {
  return user.role === "admin" && user.id !== member.id;
}

export async function action(args: ActionFunctionArgs) {
  const { member, user } = await requireManagedUser(args);
  const { request, context } = args;
  const formData = await request.formData();
  const parsed = parseForm(MemberIntent, formData);
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const input = parsed.data;
  const audit = (on: Db, action: Parameters<typeof recordAudit>[1]["action"], detail?: Record<string, unknown>) =>
    recordAudit(on, { actorId: member.id, action, targetType: "user", targetId: user.id, detail, ip: context.clientIp });

  if (input.intent === "reset") {
    if (user.disabledAt !== null) return json({ errors: { form: { key: "adminMember.resetDisabled" } } }, { status: 400 });
    const otherAdministrator = isOtherAdministrator(member, user);
    if (otherAdministrator && !mailConfigured()) {
      return json({ errors: { form: { key: "adminMember.resetAdminNoMail" } } }, { status: 403 });
    }
    const { token, auditId } = await inTransaction(context.db, async (trx) => ({
      token: await createPasswordReset(trx, { userId: user.id, createdBy: member.id }),
      auditId: await audit(trx, "password.reset_issued", { emailed: null }),
    }));
    const mail = await sendPasswordResetEmail(request, { to: user.email, token, locale: user.locale, byAdministrator: true });
    if (mail.sent) {
      await completeAuditDetail(context.db, { id: auditId, detail: { emailed: true } });
      return json({ reset: { link: null, sent: true } });
    }
    if (otherAdministrator) {
      // Nobody holds this link: it expires unused.
      await completeAuditDetail(context.db, { id: auditId, detail: { emailed: false, linkShown: false } });
      return json({ errors: { form: { key: "adminMember.resetNotSent" } } }, { status: 503 });
    }
    // The link is handed to the administrator; the member is told it exists.
    const told = await sendResetIssuedNotice({ to: user.email, locale: user.locale });
    await completeAuditDetail(context.db, { id: auditId, detail: { emailed: false, linkShown: true, memberTold: told } });
    return json({ reset: { link: mail.link, sent: false } });
  }
  // Nobody changes their own role or disables themselves (the last administrator stays), nor resets their own second factor.
  if (!can(member, "manageMember", { userId: user.id })) forbidden();
  if (input.intent === "resetTwoFactor") {
    // Taking away someone's second factor is as sensitive as changing their role.
    const confirmed = await requireRecentSignIn(args, member, formData);
    if (!confirmed.ok) return json({ intent: "resetTwoFactor", errors: confirmed.errors, formError: { key: "recent.needed" as const }, values: {} }, { status: confirmed.status });
    // A lost phone: the secret and recovery codes go, the member's sessions end, and they
    // are told by e-mail. An administrator or curator is asked to enrol again at sign-in.
    const auditId = await inTransaction(context.db, async (trx) => {
      if (!(await removeTwoFactor(trx, { userId: user.id }))) return null;
      await invalidateUserSessions(trx, { userId: user.id });
      return audit(trx, "two_factor.reset", { emailed: null });
    });
    if (auditId === null) return json({ twoFactorReset: { done: false, sent: false } });
    const sent = await sendTwoFactorResetNotice({ to: user.email, locale: user.locale });
    await completeAuditDetail(context.db, { id: auditId, detail: { emailed: sent } });
    return json({ twoFactorReset: { done: true, sent } });
  }
  if (input.intent === "role") {
    const role = input.role;
    const confirmed = await requireRecentSignIn(args, member, formData);
    if (!confirmed.ok) return json({ intent: "role", errors: confirmed.errors, formError: { key: "recent.needed" as const }, values: { role } }, { status: confirmed.status });
    if (role !== user.role) {
      await inTransaction(context.db, async (trx) => {
        await setRole(trx, { id: user.id, role });
        await audit(trx, "member.role_changed", { from: user.role, to: role });
      });
    }
  } else {
    const disabled = input.intent === "disable";
    await inTransaction(context.db, async (trx) => {
      await setDisabled(trx, { id: user.id, disabled });
      await audit(trx, disabled ? "member.disabled" : "member.enabled");
    });
  }
  return redirect(`/admin/members/${user.id}?saved=1`);
}

export default function AdminMemberPage() {
  const { user, canManage, reset, twoFactorEnrolled, recentSignIn } = useLoaderData<typeof loader>();
  const outcome = useActionData() as
    { reset?: { link: string | null; sent: boolean }; twoFactorReset?: { done: boolean; sent: boolean }; intent?: string; errors?: { form?: { key: MessageKey } } } | undefined;
  const formState = useFormState();
  const roleState = outcome?.intent === "role" ? formState : {};
  const resetState = outcome?.intent === "resetTwoFactor" ? formState : {};
  const t = useT();
  const format = useFormat();
  const busy = useNavigation().state === "submitting";
  const disabled = user.disabledAt !== null;
  const saved = useSearchParams()[0].get("saved") === "1" && !outcome;
  return (
    <>
      <p>
        <Link to="/admin">{t("adminMember.back")}</Link>
      </p>
      <h1>{user.displayName}</h1>
      {saved ? (
        <p className="notice" role="status">
          {t("adminMember.saved")}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t("admin.email")}</dt>
        <dd>{user.email}</dd>
        <dt>{t("admin.organisation")}</dt>
        <dd>
          <Link to={`/organisations/${user.organisationSlug}`}>{user.organisationName}</Link>
        </dd>
        <dt>{t("admin.role")}</dt>
        <dd>{format.role(user.role)}</dd>
        <dt>{t("admin.status")}</dt>
        <dd>{disabled ? t("admin.disabled") : t("admin.active")}</dd>
        <dt>{t("member.joined")}</dt>
        <dd>{format.date(user.createdAt)}</dd>
      </dl>

      {canManage ? (
        <>
          <section aria-labelledby="role-heading">
            <h2 id="role-heading">{t("adminMember.roleHeading")}</h2>
            <Form method="post" noValidate>
              <ErrorSummary state={roleState} />
              <input type="hidden" name="intent" value="role" />
              <SelectField label={t("admin.role")} name="role" options={ROLES.map((r) => ({ value: r, label: format.role(r) }))} defaultValue={valueOf(roleState, "role") ?? user.role} />
              <RecentSignInFields recent={recentSignIn} state={roleState} />
              <button type="submit" disabled={busy}>
                {t("adminMember.changeRole")}
              </button>
            </Form>
          </section>
          <section aria-labelledby="two-factor-heading">
            <h2 id="two-factor-heading">{t("twoFactor.title")}</h2>
            {outcome?.twoFactorReset ? (
              <p className="notice" role="status">
                {outcome.twoFactorReset.done ? (outcome.twoFactorReset.sent ? t("adminMember.twoFactorResetSent") : t("adminMember.twoFactorResetNotSent")) : t("adminMember.twoFactorNone")}
              </p>
            ) : null}
            <p>{twoFactorEnrolled ? t("adminMember.twoFactorOn") : t("adminMember.twoFactorNone")}</p>
            {twoFactorEnrolled ? (
              <Form method="post" noValidate>
                <ErrorSummary state={resetState} />
                <p className="hint">{t("adminMember.twoFactorResetExplain")}</p>
                <RecentSignInFields recent={recentSignIn} state={resetState} />
                <button type="submit" name="intent" value="resetTwoFactor" className="button-danger" disabled={busy}>
                  {t("adminMember.twoFactorReset")}
                </button>
              </Form>
            ) : null}
          </section>
          <section aria-labelledby="access-heading">
            <h2 id="access-heading">{t("adminMember.accessHeading")}</h2>
            <p>{disabled ? t("adminMember.disabledExplain") : t("adminMember.disableExplain")}</p>
            <Form method="post">
              <button type="submit" name="intent" value={disabled ? "enable" : "disable"} className={disabled ? undefined : "button-danger"} disabled={busy}>
                {disabled ? t("adminMember.enable") : t("adminMember.disable")}
              </button>
            </Form>
          </section>
        </>
      ) : (
        <p className="muted">{t("adminMember.self")}</p>
      )}

      {!disabled ? (
        <section aria-labelledby="reset-heading">
          <h2 id="reset-heading">{t("adminMember.resetHeading")}</h2>
          {outcome?.reset ? (
            <div className="notice" role="status">
              <p>{outcome.reset.sent ? t("adminMember.resetSent", { email: user.email }) : t("adminMember.resetLink")}</p>
              {outcome.reset.link ? (
                <p>
                  <code className="copyable">{outcome.reset.link}</code>
                </p>
              ) : null}
            </div>
          ) : null}
          {outcome?.errors?.form ? (
            <p className="error-summary" role="alert">
              {t(outcome.errors.form.key)}
            </p>
          ) : null}
          {reset === "refused" ? (
            <p>{t("adminMember.resetAdminNoMail")}</p>
          ) : (
            <>
              <p>{t("adminMember.resetExplain")}</p>
              {reset === "mailOnly" ? <p>{t("adminMember.resetAdminByMail")}</p> : null}
              <Form method="post">
                <button type="submit" name="intent" value="reset" className="button-secondary" disabled={busy}>
                  {t("adminMember.issueReset")}
                </button>
              </Form>
            </>
          )}
        </section>
      ) : null}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
