import { translatorFor } from "../i18n";
import { appOrigin, sendMail } from "./mail.server";

// E-mails carry the link and nothing else from the forum: no organisation, no content.

export async function sendInvitationEmail(request: Request, { to, token, locale }: { to: string; token: string; locale: string }) {
  const t = translatorFor(locale);
  const link = `${appOrigin(request)}/invite/${token}`;
  const sent = await sendMail({ to, subject: t("email.invitation.subject"), text: t("email.invitation.body", { link }) });
  return { link, sent };
}

export async function sendPasswordResetEmail(request: Request, { to, token, locale, byAdministrator = false }: { to: string; token: string; locale: string | null; byAdministrator?: boolean }) {
  const t = translatorFor(locale);
  const link = `${appOrigin(request)}/reset-password/${token}`;
  const body = byAdministrator ? t("email.resetByAdmin.body", { link }) : t("email.reset.body", { link });
  const sent = await sendMail({ to, subject: t("email.reset.subject"), text: body });
  return { link, sent };
}

/** Tells a member that an administrator was handed a link to reset their password (no link in it). */
export async function sendResetIssuedNotice({ to, locale }: { to: string; locale: string | null }) {
  const t = translatorFor(locale);
  return sendMail({ to, subject: t("email.resetIssued.subject"), text: t("email.resetIssued.body") });
}

/** Tells a member that an administrator removed their second factor (no link in it). */
export async function sendTwoFactorResetNotice({ to, locale }: { to: string; locale: string | null }) {
  const t = translatorFor(locale);
  return sendMail({ to, subject: t("email.twoFactorReset.subject"), text: t("email.twoFactorReset.body") });
}
