import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Link } from "../ui/link";
import { z } from "zod";
import { ROLES } from "../domain/member";
import { requireMember } from "../auth/guards.server";
import { can, forbidden, notFound, requirePermission } from "../auth/permissions.server";
import { dataTitle } from "../i18n/meta";
import type { MessageKey } from "../i18n";
import { useT } from "../i18n/react";
import { completeAuditDetail, recordAudit } from "../models/audit.server";
import type { Db } from "../../db/client";
import { createPasswordReset } from "../models/password-reset.server";
import { getUser, setDisabled, setRole } from "../models/user.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { SelectField } from "../ui/forms";
import { useFormat } from "../ui/format";
import { sendPasswordResetEmail, sendResetIssuedNotice } from "../utils/emails.server";
import { mailConfigured } from "../utils/mail.server";
import { parseForm } from "../utils/forms";
import { inTransaction } from "../server/database.server";

export const meta = dataTitle((data: { user: { displayName: string } }) => data.user.displayName, "admin.title");

const Params = /* @__PURE__ */ (() => z.object({ id: z.coerce.number().int().positive() }))();
const MemberIntent = /* @__PURE__ */ (() =>
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("role"), role: z.enum(ROLES, { error: "validation.required" }) }),
    z.object({ intent: z.literal("disable") }),
    z.object({ intent: z.literal("enable") }),
    z.object({ intent: z.literal("reset") }),
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
  const parsed = parseForm(MemberIntent, await request.formData());
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
  // Nobody changes their own role or disables themselves: the last administrator stays.
  if (!can(member, "manageMember", { userId: user.id })) forbidden();
  if (input.intent === "role") {
    const role = input.role;
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
  const { user, canManage, reset } = useLoaderData<typeof loader>();
  const outcome = useActionData() as { reset?: { link: string | null; sent: boolean }; errors?: { form?: { key: MessageKey } } } | undefined;
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
            <Form method="post">
              <input type="hidden" name="intent" value="role" />
              <SelectField label={t("admin.role")} name="role" options={ROLES.map((r) => ({ value: r, label: format.role(r) }))} defaultValue={user.role} />
              <button type="submit" disabled={busy}>
                {t("adminMember.changeRole")}
              </button>
            </Form>
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
