// A real SMTP server for the end-to-end tests: the app sends through it (SMTP_URL), and
// the tests read what arrived over a small HTTP API on the next port.
//   node tests/e2e/smtp-catcher.js <smtpPort> <httpPort>
import http from "node:http";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

const [smtpPort, httpPort] = process.argv.slice(2).map(Number);
const messages = [];
const RECORDED_HEADERS = ["list-unsubscribe", "list-unsubscribe-post", "message-id", "from"];
/** A header line's value, unfolded. */
function unfold(line) {
  const value = line.slice(line.indexOf(":") + 1);
  return value.replace(/\r?\n[ \t]+/g, " ").trim();
}
/** Addresses whose RCPT TO is refused with a temporary failure (GET /refuse?to=…, /accept?to=… ends it). */
const refused = new Set();

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onRcptTo(address, session, callback) {
    if (!refused.has(address.address.toLowerCase())) return callback();
    const error = new Error("Mailbox unavailable, try again later");
    error.responseCode = 451;
    callback(error);
  },
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((mail) => {
        messages.push({
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          subject: mail.subject ?? "",
          text: mail.text ?? "",
          html: mail.html || "",
          // The headers a test looks at, unfolded, as sent (mailparser's parsed "list" object loses the raw value).
          headers: Object.fromEntries((mail.headerLines ?? []).filter((h) => RECORDED_HEADERS.includes(h.key)).map((h) => [h.key, unfold(h.line)])),
          receivedAt: Date.now(),
        });
        callback();
      })
      .catch(callback);
  },
});
smtp.listen(smtpPort, "127.0.0.1");

http
  .createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/health") return res.end("ok");
    if (url.pathname === "/refuse" || url.pathname === "/accept") {
      const to = url.searchParams.get("to")?.toLowerCase() ?? "";
      if (url.pathname === "/refuse") refused.add(to);
      else refused.delete(to);
      return res.end("ok");
    }
    if (url.pathname === "/messages") {
      const to = url.searchParams.get("to")?.toLowerCase();
      res.setHeader("Content-Type", "application/json");
      return res.end(JSON.stringify(to ? messages.filter((m) => m.to.includes(to)) : messages));
    }
    res.statusCode = 404;
    res.end();
  })
  .listen(httpPort, "127.0.0.1");
