import os from "node:os";
import { parseArgs } from "node:util";
import { DIGEST_LIMITS } from "../app/domain/digest";
import { leaseHolder, releaseLease } from "../app/models/digest-delivery.server";
import { DIGEST_LEASE, runDigests, takeDigestLease, type DigestRunResult } from "../app/server/digest-scheduler.server";
import { connect, databaseTarget, describeTarget, inTransaction, openDatabase } from "../db/client";

// npm run digest — sends the weekly digest now (for cron), each member's once per week
// however often it runs; npm run digest -- --dry-run shows what would go, writing nothing.

const HELP = `Usage: npm run digest -- [options]

Sends the weekly digest for the last whole week (Monday to Sunday, UTC) to every member who
wants it and has not had it yet. Each member's digest goes out once per week, however often
this runs and whatever else is sending: run it from cron as often as you like. The server sends
them itself when SMTP_URL and APP_ORIGIN are set (DIGEST_SCHEDULER=off stops that).

Options:
  --dry-run      Print who would get what now (address, language, subject, how many lines in
                 each section, and the plain text), sending and writing nothing.
  --now=<time>   Act as if it were this time (ISO 8601, e.g. 2026-11-30T08:00:00Z): the week
                 before it is the one sent.
  --no-lease     Send even while another process holds the sending lease (a server, another
                 run): each digest still goes once, but the two paces add up.
  -h, --help     This text.

Environment: DATABASE_URL or DATABASE_PATH (the database), SMTP_URL and APP_ORIGIN (needed to
send), MAIL_FROM, DIGEST_PACE_MS (the wait between two e-mails, default ${DIGEST_LIMITS.paceMs}).`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let values;
try {
  ({ values } = parseArgs({ options: { "dry-run": { type: "boolean" }, now: { type: "string" }, "no-lease": { type: "boolean" }, help: { type: "boolean", short: "h" } } }));
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
}
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const now = values.now === undefined ? Date.now() : Date.parse(values.now);
if (!Number.isFinite(now)) fail(`--now must be a time such as 2026-11-30T08:00:00Z, not ${JSON.stringify(values.now)}`);
const dryRun = values["dry-run"] ?? false;

function summary(result: DigestRunResult) {
  const skipped = Object.entries(result.skipped)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(", ");
  const nothing = skipped ? `nothing for ${skipped}` : "nothing skipped";
  if (dryRun) return `Week of ${result.period} (dry run, nothing sent or written): ${result.previews?.length ?? 0} would get it; ${nothing}; ${result.alreadyDone ?? 0} done already.`;
  return `Week of ${result.period}: ${result.sent} sent; ${nothing}; ${result.failed} to try again, ${result.abandoned} abandoned, ${result.unknown} unknown${result.stopped ? "; stopped before the end" : ""}.`;
}

const target = databaseTarget();
// A dry run does not even migrate: it reads the database as it is.
const db = dryRun ? connect(target) : await openDatabase(target);
const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => controller.abort());

const holder = `${os.hostname()}:${process.pid}:digest-script`;
let renew: ReturnType<typeof setInterval> | undefined;
let exitCode = 0;
try {
  if (dryRun) {
    console.log(`Digests that would be sent now from ${describeTarget(target)}:\n`);
    const result = await runDigests(db, { now, dryRun: true, log: console.log });
    console.log(summary(result));
  } else {
    const leased = values["no-lease"] || (await takeDigestLease(db, { holder }));
    if (!leased) {
      const other = await leaseHolder(db, { name: DIGEST_LEASE });
      console.log(
        `Digests for ${describeTarget(target)} are being sent by ${other?.holder ?? "another process"}${other ? ` (its lease runs to ${new Date(other.expiresAt).toISOString()})` : ""}: nothing done.`,
      );
    } else {
      if (!values["no-lease"]) {
        renew = setInterval(() => {
          takeDigestLease(db, { holder })
            .then((held) => held || controller.abort())
            .catch(() => controller.abort());
        }, DIGEST_LIMITS.leaseMs / 3);
      }
      const result = await runDigests(db, { now, signal: controller.signal, log: console.log });
      console.log(summary(result));
    }
  }
} catch (error) {
  console.error(`The digest run failed: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  clearInterval(renew);
  if (!dryRun && !values["no-lease"]) await inTransaction(db, (trx) => releaseLease(trx, { name: DIGEST_LEASE, holder })).catch(() => undefined);
  await db.destroy();
}
process.exit(exitCode);
