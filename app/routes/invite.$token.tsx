import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { Link } from "../ui/link";
import { z } from "zod";
import { startSession } from "../auth/guards.server";
import { hashPassword } from "../auth/password.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import type { MessageKey } from "../i18n";
import { recordAudit } from "../models/audit.server";
import type { InvitationState } from "../domain/member";
import { acceptInvitation, findInvitationByToken } from "../models/invitation.server";
import { findUserByEmail } from "../models/user.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { ErrorSummary, Field, useFormState, valueOf } from "../ui/forms";
import { useFormat } from "../ui/format";
import { MIN_PASSWORD_LENGTH, newPasswordField, parseForm, requiredText } from "../utils/forms";
import { inTransaction } from "../server/database.server";
import { sectionHandle, withSection } from "../i18n/sections";

export const meta = pageTitle("invite.title");

/** A plain form: no JavaScript to wait for on a slow phone (root.tsx). */
export const handle = { scripts: false, ...sectionHandle("account") };
export const clientLoader = withSection("account");

const AcceptSchema = /* @__PURE__ */ (() => z.object({ displayName: requiredText(100), password: newPasswordField(MIN_PASSWORD_LENGTH) }))();
const TokenParams = /* @__PURE__ */ (() => z.object({ token: z.string().min(1).max(100) }))();

type LinkState = InvitationState | "unknown" | "taken";

/** The link itself is the permission: a pending single-use token, nothing else. */
async function invitationFor({ params, context }: LoaderFunctionArgs) {
  const parsed = TokenParams.safeParse(params);
  const invitation = parsed.success ? await findInvitationByToken(context.db, { token: parsed.data.token }) : null;
  if (!invitation) return { state: "unknown" as LinkState, invitation: null };
  if (invitation.state === "pending" && (await findUserByEmail(context.db, { email: invitation.email }))) {
    return { state: "taken" as LinkState, invitation };
  }
  return { state: invitation.state as LinkState, invitation };
}

export async function loader(args: LoaderFunctionArgs) {
  const { state, invitation } = await invitationFor(args);
  if (state !== "pending" || !invitation) return json({ state, invitation: null, minPassword: MIN_PASSWORD_LENGTH }, { status: 410 });
  return json({
    state,
    invitation: { email: invitation.email, organisationName: invitation.organisationName, role: invitation.role },
    minPassword: MIN_PASSWORD_LENGTH,
  });
}

export async function action(args: ActionFunctionArgs) {
  const { request, context, params } = args;
  const { state } = await invitationFor(args);
  if (state !== "pending") return json({ state }, { status: 410 });
  const parsed = parseForm(AcceptSchema, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const passwordHash = await hashPassword(parsed.data.password);
  const accepted = await inTransaction(context.db, async (trx) => {
    const done = await acceptInvitation(trx, { token: params.token ?? "", displayName: parsed.data.displayName, passwordHash });
    if (done) {
      await recordAudit(trx, {
        actorId: done.userId,
        action: "invitation.accepted",
        targetType: "invitation",
        targetId: done.invitationId,
        detail: { organisationId: done.organisationId, role: done.role },
        ip: context.clientIp,
      });
    }
    return done;
  });
  if (!accepted) return json({ state: "unknown" as LinkState }, { status: 410 });
  const cookie = await startSession(args, accepted.userId);
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}

const STATE_MESSAGES: Record<Exclude<LinkState, "pending">, MessageKey> = {
  expired: "invite.expired",
  accepted: "invite.accepted",
  revoked: "invite.revoked",
  unknown: "invite.unknown",
  taken: "invite.taken",
};

export default function AcceptInvitationPage() {
  const { state, invitation, minPassword } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  const form = useFormState();
  const busy = useNavigation().state === "submitting";
  if (state !== "pending" || !invitation) {
    return (
      <div className="narrow">
        <h1>{t("invite.unusableTitle")}</h1>
        <p>{t(STATE_MESSAGES[state === "pending" ? "unknown" : state])}</p>
        <p>
          <Link to="/login">{t("invite.toSignIn")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="narrow">
      <h1>{t("invite.title")}</h1>
      <p>
        {t("invite.intro", {
          organisation: invitation.organisationName,
          role: format.role(invitation.role),
          email: invitation.email,
        })}
      </p>
      <Form method="post" noValidate>
        <ErrorSummary state={form} />
        <Field label={t("invite.displayName")} name="displayName" required autoComplete="name" defaultValue={valueOf(form, "displayName")} error={form.errors?.displayName} />
        <Field label={t("invite.password")} name="password" type="password" required autoComplete="new-password" hint={t("setup.passwordHint", { min: minPassword })} error={form.errors?.password} />
        <button type="submit" disabled={busy}>
          {t("invite.submit")}
        </button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
