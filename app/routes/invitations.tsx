import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { ROLES } from "../domain/member";
import { requireMember } from "../auth/guards.server";
import { can, forbidden, invitableRoles, notFound, requirePermission } from "../auth/permissions.server";
import { LOCALES } from "../i18n/locales";
import { pageTitle } from "../i18n/meta";
import { useI18n } from "../i18n/react";
import { completeAuditDetail, recordAudit } from "../models/audit.server";
import { createInvitation, findInvitation, hasPendingInvitation, listOpenInvitations, renewInvitation, revokeInvitation } from "../models/invitation.server";
import { listOrganisationChoices } from "../models/organisation.server";
import { findUserByEmail } from "../models/user.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { ErrorSummary, Field, SelectField, useFormState, valueOf } from "../ui/forms";
import { useFormat } from "../ui/format";
import { sendInvitationEmail } from "../utils/emails.server";
import { emailField, formValues, parseForm } from "../utils/forms";
import { inTransaction } from "../server/database.server";
import { sectionHandle, withSection } from "../i18n/sections";

export const meta = pageTitle("invitations.title");
// This page's strings are a catalogue section (app/i18n/sections.ts).
export const handle = sectionHandle("manage");
export const clientLoader = withSection("manage");

const InvitationIntent = /* @__PURE__ */ (() =>
  z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("create"),
      email: emailField,
      organisationId: z.coerce.number({ error: "validation.required" }).int().positive("validation.required"),
      role: z.enum(ROLES, { error: "validation.required" }),
      locale: z.enum(LOCALES, { error: "validation.required" }),
    }),
    z.object({ intent: z.literal("revoke"), id: z.coerce.number().int().positive() }),
    z.object({ intent: z.literal("resend"), id: z.coerce.number().int().positive() }),
  ]))();

/** Coordinators see their own organisation's invitations; admins everyone's. */
async function requireInviter(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "manageInvitations", { organisationId: member.organisationId });
  return member;
}

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireInviter(args);
  const isAdmin = can(member, "administer");
  const [invitations, organisations] = await Promise.all([
    // A coordinator never sees (so never re-sends) an invitation of a role they could not create.
    isAdmin ? listOpenInvitations(args.context.db, {}) : listOpenInvitations(args.context.db, { organisationId: member.organisationId, roles: invitableRoles(member, member.organisationId) }),
    isAdmin ? listOrganisationChoices(args.context.db) : Promise.resolve([]),
  ]);
  return json({
    invitations,
    organisations,
    isAdmin,
    ownOrganisation: { id: member.organisationId, name: member.organisationName },
    defaultLocale: member.locale ?? "en",
  });
}

export async function action(args: ActionFunctionArgs) {
  const member = await requireInviter(args);
  const { request, context } = args;
  const formData = await request.formData();
  const parsed = parseForm(InvitationIntent, formData);
  if (!parsed.ok) return json({ intent: "create", errors: parsed.errors, values: parsed.values }, { status: 400 });
  const input = parsed.data;

  if (input.intent === "create") {
    requirePermission(member, "invite", { organisationId: input.organisationId, role: input.role });
    const values = formValues(formData);
    if (await findUserByEmail(context.db, { email: input.email })) {
      return json({ intent: "create", errors: { email: { key: "invitations.emailTaken" } }, values }, { status: 400 });
    }
    if (await hasPendingInvitation(context.db, { email: input.email })) {
      return json({ intent: "create", errors: { email: { key: "invitations.alreadyInvited" } }, values }, { status: 400 });
    }
    const detail = { email: input.email, organisationId: input.organisationId, role: input.role };
    const { token, auditId } = await inTransaction(context.db, async (trx) => {
      const created = await createInvitation(trx, { ...input, invitedBy: member.id });
      const auditId = await recordAudit(trx, {
        actorId: member.id,
        action: "invitation.created",
        targetType: "invitation",
        targetId: created.id,
        detail: { ...detail, emailed: null },
        ip: context.clientIp,
      });
      return { token: created.token, auditId };
    });
    const mail = await sendInvitationEmail(request, { to: input.email, token, locale: input.locale });
    await completeAuditDetail(context.db, { id: auditId, detail: { ...detail, emailed: mail.sent } });
    return json({ intent: "create", created: { email: input.email, link: mail.sent ? null : mail.link } });
  }

  const invitation = await findInvitation(context.db, { id: input.id });
  if (!invitation) notFound();
  // Re-sending hands out a fresh link and withdrawing undoes someone's invitation: both
  // need the same permission as creating this very invitation.
  if (!can(member, "invite", { organisationId: invitation.organisationId, role: invitation.role })) forbidden();
  if (input.intent === "revoke") {
    await inTransaction(context.db, async (trx) => {
      await revokeInvitation(trx, { id: invitation.id });
      await recordAudit(trx, { actorId: member.id, action: "invitation.revoked", targetType: "invitation", targetId: invitation.id, detail: { email: invitation.email }, ip: context.clientIp });
    });
    return json({ intent: "revoke", revoked: { email: invitation.email } });
  }
  const renewed = await inTransaction(context.db, async (trx) => {
    const token = await renewInvitation(trx, { id: invitation.id });
    if (!token) return null;
    const auditId = await recordAudit(trx, {
      actorId: member.id,
      action: "invitation.resent",
      targetType: "invitation",
      targetId: invitation.id,
      detail: { email: invitation.email, emailed: null },
      ip: context.clientIp,
    });
    return { token, auditId };
  });
  if (!renewed) notFound();
  const mail = await sendInvitationEmail(request, { to: invitation.email, token: renewed.token, locale: invitation.locale });
  await completeAuditDetail(context.db, { id: renewed.auditId, detail: { email: invitation.email, emailed: mail.sent } });
  return json({ intent: "resend", created: { email: invitation.email, link: mail.sent ? null : mail.link } });
}

interface Outcome {
  intent?: string;
  created?: { email: string; link: string | null };
  revoked?: { email: string };
}

/**
 * The link as text anyone can select (without JavaScript too); once the script runs, one
 * tap copies it, and where the phone can share (navigator.share) another hands it to a
 * messaging app.
 */
function ShareableLink({ link }: { link: string }) {
  const { t } = useI18n();
  const [abilities, setAbilities] = useState<{ copy: boolean; share: boolean } | null>(null);
  const [said, setSaid] = useState("");
  useEffect(() => {
    setAbilities({ copy: typeof navigator.clipboard?.writeText === "function", share: typeof navigator.share === "function" });
  }, []);
  return (
    <>
      <p>
        <code className="copyable">{link}</code>
      </p>
      {abilities && (abilities.copy || abilities.share) ? (
        <p className="inline-form">
          {abilities.copy ? (
            <button
              type="button"
              className="button-secondary"
              onClick={() =>
                navigator.clipboard.writeText(link).then(
                  () => setSaid(t("invitations.linkCopied")),
                  () => setSaid(t("invitations.linkNotCopied")),
                )
              }
            >
              {t("invitations.copyLink")}
            </button>
          ) : null}
          {abilities.share ? (
            <button type="button" className="button-secondary" onClick={() => navigator.share({ url: link }).catch(() => undefined)}>
              {t("invitations.shareLink")}
            </button>
          ) : null}
          <span aria-live="polite">{said}</span>
        </p>
      ) : null}
    </>
  );
}

export default function InvitationsPage() {
  const { invitations, organisations, isAdmin, ownOrganisation, defaultLocale } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const format = useFormat();
  const outcome = (useActionData() as Outcome | undefined) ?? {};
  const state = useFormState();
  const createState = outcome.intent === "create" && !outcome.created ? state : {};
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <h1>{t("invitations.title")}</h1>
      {outcome.created ? (
        <div className="notice" role="status">
          {outcome.created.link ? (
            <>
              <p>{t("invitations.linkIntro", { email: outcome.created.email })}</p>
              <ShareableLink link={outcome.created.link} />
            </>
          ) : (
            <p>{t("invitations.sent", { email: outcome.created.email })}</p>
          )}
        </div>
      ) : null}
      {outcome.revoked ? (
        <p className="notice" role="status">
          {t("invitations.revokedNotice", { email: outcome.revoked.email })}
        </p>
      ) : null}

      <section aria-labelledby="new-invitation">
        <h2 id="new-invitation">{t("invitations.new")}</h2>
        <Form method="post" noValidate key={outcome.created ? outcome.created.email : "form"}>
          <ErrorSummary state={createState} />
          <input type="hidden" name="intent" value="create" />
          <Field label={t("invitations.email")} name="email" type="email" required defaultValue={valueOf(createState, "email")} error={createState.errors?.email} />
          {isAdmin ? (
            <>
              <SelectField
                label={t("invitations.organisation")}
                name="organisationId"
                required
                options={organisations.map((o) => ({ value: String(o.id), label: o.name }))}
                defaultValue={valueOf(createState, "organisationId") ?? String(ownOrganisation.id)}
                error={createState.errors?.organisationId}
              />
              <SelectField
                label={t("invitations.role")}
                name="role"
                required
                options={ROLES.map((r) => ({ value: r, label: format.role(r) }))}
                defaultValue={valueOf(createState, "role") ?? "member"}
                error={createState.errors?.role}
              />
            </>
          ) : (
            <>
              <input type="hidden" name="organisationId" value={ownOrganisation.id} />
              <input type="hidden" name="role" value="member" />
              <p className="muted">{t("invitations.coordinatorScope", { organisation: ownOrganisation.name })}</p>
            </>
          )}
          <SelectField
            label={t("invitations.language")}
            name="locale"
            required
            options={LOCALES.map((l) => ({ value: l, label: format.language(l) }))}
            defaultValue={valueOf(createState, "locale") ?? defaultLocale}
            error={createState.errors?.locale}
          />
          <button type="submit" disabled={busy}>
            {t("invitations.submit")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="pending-invitations">
        <h2 id="pending-invitations">{t("invitations.pending")}</h2>
        {invitations.length === 0 ? (
          <p className="muted">{t("invitations.none")}</p>
        ) : (
          <div className="table-wrap">
            <table className="stack">
              <thead>
                <tr>
                  <th scope="col">{t("invitations.email")}</th>
                  <th scope="col">{t("invitations.organisation")}</th>
                  <th scope="col">{t("invitations.role")}</th>
                  <th scope="col">{t("invitations.invitedBy")}</th>
                  <th scope="col">{t("invitations.expires")}</th>
                  <th scope="col">{t("invitations.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((invitation) => (
                  <tr key={invitation.id}>
                    <td data-label={t("invitations.email")}>{invitation.email}</td>
                    <td data-label={t("invitations.organisation")}>{invitation.organisationName}</td>
                    <td data-label={t("invitations.role")}>{format.role(invitation.role)}</td>
                    <td data-label={t("invitations.invitedBy")}>{invitation.invitedByName}</td>
                    <td data-label={t("invitations.expires")}>{invitation.state === "expired" ? t("invitations.expired") : format.dateTime(invitation.expiresAt)}</td>
                    <td data-label={t("invitations.actions")}>
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="id" value={invitation.id} />
                        <button type="submit" name="intent" value="resend" className="button-secondary" aria-label={t("invitations.resendFor", { email: invitation.email })}>
                          {t("invitations.resend")}
                        </button>{" "}
                        <button type="submit" name="intent" value="revoke" className="button-danger" aria-label={t("invitations.revokeFor", { email: invitation.email })}>
                          {t("invitations.revoke")}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
