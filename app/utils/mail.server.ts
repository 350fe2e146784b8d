import nodemailer, { type Transporter } from "nodemailer";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** An HTML part beside the plain text (the digest). */
  html?: string;
  /** Extra headers, such as List-Unsubscribe. */
  headers?: Record<string, string>;
  /** A Message-ID of our own, so a receiving system can tell one message from another. */
  messageId?: string;
}

let transport: { url: string; transporter: Transporter } | undefined;
function smtp(): Transporter | null {
  const url = process.env.SMTP_URL;
  if (!url) return null;
  if (transport?.url !== url) transport = { url, transporter: nodemailer.createTransport(url) };
  return transport.transporter;
}

/** Whether mail actually leaves the machine (SMTP_URL is set). */
export function mailConfigured(): boolean {
  return Boolean(process.env.SMTP_URL);
}

export function mailFrom(): string {
  return process.env.MAIL_FROM || "Practice Exchange <no-reply@localhost>";
}

/**
 * A link that goes out by e-mail must never carry an origin taken from the request: a
 * forged Host would put someone else's address into a genuine reset e-mail. server.js
 * refuses to start in that configuration; this holds even if server.js is bypassed.
 */
export class MailConfigurationError extends Error {
  constructor() {
    super("SMTP_URL is set but APP_ORIGIN is not: refusing to build or send e-mailed links from request headers. Set APP_ORIGIN to the forum's public origin.");
    this.name = "MailConfigurationError";
  }
}

function assertMailConfiguration() {
  if (mailConfigured() && !process.env.APP_ORIGIN) throw new MailConfigurationError();
}

/**
 * Sends through SMTP when SMTP_URL is set. Without it (the embedded default) the
 * message goes to the server log and the caller shows the link to the person who
 * asked for it, so a single machine always works. Returns whether it was sent; throws
 * MailConfigurationError when SMTP_URL is set without APP_ORIGIN.
 */
export async function sendMail(mail: OutgoingMail): Promise<boolean> {
  assertMailConfiguration();
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

/**
 * Sends through SMTP and throws when the relay refuses or cannot be reached, for a caller that
 * keeps its own record of what was sent and retries (the digest). Throws without SMTP_URL.
 */
export async function deliverMail(mail: OutgoingMail): Promise<void> {
  assertMailConfiguration();
  const transporter = smtp();
  if (!transporter) throw new Error("SMTP_URL is not set");
  await transporter.sendMail({ from: mailFrom(), ...mail });
}

/**
 * The origin links in e-mails point to. APP_ORIGIN when set. Without it (no SMTP, one
 * machine: server.js refuses to start with SMTP_URL but no APP_ORIGIN) the request's own
 * origin, which server.js has already checked, and the link is only ever shown to the
 * signed-in person who asked for it or written to the server log.
 */
export function appOrigin(request: Request): string {
  assertMailConfiguration();
  return siteOrigin(request);
}

/** The forum's public origin (APP_ORIGIN), else the request's: for links in a downloaded book. */
export function siteOrigin(request: Request): string {
  const configured = process.env.APP_ORIGIN;
  return configured ? new URL(configured).origin : new URL(request.url).origin;
}
