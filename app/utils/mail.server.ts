import nodemailer, { type Transporter } from "nodemailer";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

let transport: Transporter | null | undefined;
function smtp(): Transporter | null {
  if (transport === undefined) {
    const url = process.env.SMTP_URL;
    transport = url ? nodemailer.createTransport(url) : null;
  }
  return transport;
}

export function mailFrom(): string {
  return process.env.MAIL_FROM || "Practice Exchange <no-reply@localhost>";
}

/**
 * Sends through SMTP when SMTP_URL is set. Without it (the embedded default) the
 * message goes to the server log and the caller shows the link to the person who
 * asked for it, so a single-machine install always works. Returns whether it was sent.
 */
export async function sendMail(mail: OutgoingMail): Promise<boolean> {
  const transporter = smtp();
  if (!transporter) {
    console.log(`[mail] not sent (no SMTP_URL) to ${mail.to}: ${mail.subject}\n${mail.text}`);
    return false;
  }
  try {
    await transporter.sendMail({ from: mailFrom(), ...mail });
    return true;
  } catch (error) {
    console.error(`[mail] sending to ${mail.to} failed:`, error);
    return false;
  }
}

/** The address links in e-mails point to: APP_ORIGIN behind a proxy, else the request's own origin. */
export function appOrigin(request: Request): string {
  return process.env.APP_ORIGIN || new URL(request.url).origin;
}
