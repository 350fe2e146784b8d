import { translatorFor } from "../i18n";
import { appOrigin, sendMail } from "./mail.server";

// E-mails carry the link and nothing else from the forum: no organisation, no content.

export async function sendInvitationEmail(request: Request, { to, token, locale }: { to: string; token: string; locale: string }) {
  const t = translatorFor(locale);
  const link = `${appOrigin(request)}/invite/${token}`;
  const sent = await sendMail({ to, subject: t("email.invitation.subject"), text: t("email.invitation.body", { link }) });
  return { link, sent };
}

export async function sendPasswordResetEmail(
  request: Request,
  { to, token, locale }: { to: string; token: string; locale: string | null },
) {
  const t = translatorFor(locale);
  const link = `${appOrigin(request)}/reset-password/${token}`;
  const sent = await sendMail({ to, subject: t("email.reset.subject"), text: t("email.reset.body", { link }) });
  return { link, sent };
}
