// The production server: plain node:http in front of Remix, one worker process per core
// (WEB_CONCURRENCY). Each worker serves the static files and hands every other request to
// Remix, adding what Remix v2 has no hook for: security headers on every response, the
// same-origin check on every non-GET request, the host check against APP_ORIGIN, a limit on
// every request body, no caching of anything a session sees, and one database handle for
// all requests.
// The data is in a SQLite file (DATABASE_PATH), or in PostgreSQL when DATABASE_URL is set.
// SQLite in WAL mode takes readers from every process at once and one writer at a time;
// transactions take the write lock when they begin (db/client.ts, docs/decisions/0004).
// PostgreSQL takes any number of processes, on this machine or others: each worker keeps a
// pool of DATABASE_POOL_SIZE connections, and a transaction that loses a race is run again
// (docs/decisions/0009). Nothing a request may see is kept in a process between requests,
// so several servers can answer for one database.
import cluster from "node:cluster";
import crypto from "node:crypto";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import url from "node:url";
import { createReadableStreamFromReadable, createRequestHandler } from "@remix-run/node";
import compression from "compression";
import proxyaddr from "proxy-addr";
import serveStatic from "serve-static";

// `npm start` is production unless told otherwise (`npm run dev` says so): React reads this
// when the build imports it, and its development build renders a page a third slower.
process.env.NODE_ENV ||= "production";

/**
 * The public origin. E-mailed links are built from it and nothing else, so with SMTP on the
 * server does not start without it; when it is set, a request for any other host is refused.
 */
function configuredOrigin() {
  const value = process.env.APP_ORIGIN;
  if (!value) {
    if (process.env.SMTP_URL) {
      console.error(
        "SMTP_URL is set but APP_ORIGIN is not. Invitation and password-reset e-mails carry links, and a link built from a request's Host header can be made to point anywhere. Set APP_ORIGIN to the forum's public origin, e.g. APP_ORIGIN=https://forum.example.org",
      );
      process.exit(1);
    }
    return null;
  }
  let parsed;
  try {
    parsed = new URL(value);
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:") || parsed.origin !== value.replace(/\/$/, "")) {
    console.error(`APP_ORIGIN must be an origin only, such as https://forum.example.org (no path), not ${JSON.stringify(value)}`);
    process.exit(1);
  }
  return parsed;
}
const appOrigin = configuredOrigin();

const here = path.dirname(url.fileURLToPath(import.meta.url));
const build = await import(url.pathToFileURL(path.join(here, "build/index.js")).href);
const { openDatabase, createRequestContext, inArrivalOrder, databaseTarget, describeTarget, isPostgresUrl, poolSize, startDigestScheduler } = build.entry.module;

/** Where the data is (db/client.ts databaseTarget), with the default file beside this script. */
const database = databaseTarget({ ...process.env, DATABASE_PATH: process.env.DATABASE_PATH || path.join(here, "data/practice-exchange.sqlite") });

/** The database as the log names it: never a password. */
function describeDatabase({ pool = true } = {}) {
  if (!isPostgresUrl(database)) return `SQLite file ${path.resolve(database)}`;
  return pool ? `PostgreSQL ${describeTarget(database)}, ${poolSize()} connections per worker` : `PostgreSQL ${describeTarget(database)}`;
}

/** Opens (and migrates) the database, or says what could not be opened (a bad DATABASE_POOL_SIZE too) and stops. */
async function open() {
  try {
    return await openDatabase(database);
  } catch (error) {
    console.error(`Could not open the database (${describeDatabase({ pool: false })}): ${error?.message ?? error}`);
    process.exit(1);
  }
}

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "0.0.0.0";
const workers = Math.max(1, Number(process.env.WEB_CONCURRENCY) || os.availableParallelism());
const mode = process.env.NODE_ENV === "development" ? "development" : "production";

/** Which proxies' X-Forwarded-* headers are believed: the values Express's `trust proxy` takes. */
function compileTrust(value) {
  if (value === "true") return () => true;
  if (value === "false") return () => false;
  if (/^\d+$/.test(value)) return (_address, hop) => hop < Number(value);
  return proxyaddr.compile(
    value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
}
// X-Forwarded-For and -Proto are believed from loopback by default, where a proxy on the same
// machine connects from; X-Forwarded-Host only when TRUST_PROXY names the proxies, since a
// forged host is worth more than a forged address (README, "Behind a proxy").
const trust = compileTrust(process.env.TRUST_PROXY || "loopback");
const forwardedHostBelieved = Boolean(process.env.TRUST_PROXY);
const trusted = (req) => trust(req.socket.remoteAddress ?? "", 0);
const clientIp = (req) => proxyaddr(req, trust);
/** A forwarded header's first value, when the proxy that sent it is trusted. */
const forwarded = (req, name) => (req.headers[name] && trusted(req) ? String(req.headers[name]).split(",")[0].trim() : undefined);
const protocol = (req) => forwarded(req, "x-forwarded-proto") ?? (req.socket.encrypted ? "https" : "http");
const hostOf = (req) => (forwardedHostBelieved ? forwarded(req, "x-forwarded-host") : undefined) ?? req.headers.host ?? "localhost";
/** The origin requests are answered as: APP_ORIGIN, or without it the request's own. */
const originOf = (req) => appOrigin?.origin ?? `${protocol(req)}://${hostOf(req)}`;

const defaultPort = { "http:": "80", "https:": "443" };
/** The host a request asks for, as URL.host writes it: lower case, without the default port. */
function requestedHost(req) {
  const host = hostOf(req).toLowerCase();
  const port = defaultPort[appOrigin.protocol];
  return host.endsWith(`:${port}`) ? host.slice(0, -port.length - 1) : host;
}
let misdirectedLogged = false;
/** With APP_ORIGIN, a request must ask for its host: links and redirects are never built on another. */
function rightHost(req) {
  if (!appOrigin || requestedHost(req) === appOrigin.host) return true;
  if (!misdirectedLogged) {
    misdirectedLogged = true;
    console.warn(
      `refused a request for host ${JSON.stringify(hostOf(req))}: APP_ORIGIN is ${appOrigin.origin}. Behind a proxy, pass the Host header on, or set TRUST_PROXY to the proxy's address so that its X-Forwarded-Host is believed. (Said once.)`,
    );
  }
  return false;
}

const CSP_REST = ["style-src 'self'", "img-src 'self' data:", "font-src 'self'", "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'self'", "object-src 'none'"].join(
  "; ",
);

// Served over https, the forum is only ever asked for over https from then on.
const hsts = appOrigin?.protocol === "https:";

/**
 * Headers for every response: a file must not be sniffed into a script, and HSTS covers
 * the whole origin. The page-only ones (CSP with its nonce, framing, referrer, opener)
 * are set by documentHeaders when a response is not a file, so /build/ and public/
 * files go out without a fresh nonce and a policy they do not need.
 */
function securityHeaders(res) {
  res.setHeader("X-Content-Type-Options", "nosniff");
  if (hsts) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}

function documentHeaders(res) {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.setHeader("Content-Security-Policy", `default-src 'self'; script-src 'self' 'nonce-${nonce}'; ${CSP_REST}`);
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  return nonce;
}

/**
 * The one-click unsubscribe of a digest (RFC 8058) is posted by a mail client, from wherever
 * it runs. Its signed link is the whole permission and the route never reads the session, so
 * a request from another site can do nothing a link holder could not. (Its Origin is dropped,
 * as Remix would refuse it.)
 */
const ANY_ORIGIN = /^\/unsubscribe\/[^/]+$/;

/**
 * Every other non-GET request from another site is refused. Browsers send Origin on POST, but
 * "null" under our Referrer-Policy: no-referrer, so Sec-Fetch-Site decides then.
 */
function sameOrigin(req) {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return true;
  if (ANY_ORIGIN.test(req.url.split("?", 1)[0])) {
    delete req.headers.origin;
    return true;
  }
  const origin = req.headers.origin;
  const fetchSite = req.headers["sec-fetch-site"];
  const allowed = originOf(req);
  const ok = origin && origin !== "null" ? origin === allowed : fetchSite ? fetchSite === "same-origin" : origin === undefined;
  // Verified here; Remix's own check would otherwise refuse the opaque "null".
  if (ok && origin === "null") delete req.headers.origin;
  return ok;
}

const MiB = 1024 * 1024;
/**
 * Request bodies are refused (413) above this, before sign-in and before Remix reads them:
 * the largest form, a write-up with every section full of three-byte characters, is about
 * 600 KB as the browser encodes it.
 */
const BODY_LIMIT = 1 * MiB;
/**
 * Routes that take more, by path: the one place to raise the limit. An upload sent with
 * JavaScript is one file of at most 10 MiB (app/domain/attachment.ts ATTACHMENT_LIMITS). A
 * practice form sent without it carries its files: it keeps up to 40 MiB of them as they
 * stream in and reads the rest to drop it, so that a form with too many files is answered
 * with its text and the names of the files not kept (app/forms/practice/attachments.server.ts).
 */
const BODY_LIMITS = [
  [/^\/attachments$/, 10 * MiB + 256 * 1024],
  [/^\/practices\/(new|[^/]+\/edit)$/, 256 * MiB],
  // A glossary file (2 MiB, app/domain/glossary.ts GLOSSARY_LIMITS) and its text pasted or kept from the preview.
  [/^\/glossary\/import$/, 5 * MiB],
];
function bodyLimit(pathname) {
  for (const [pattern, limit] of BODY_LIMITS) if (pattern.test(pathname)) return limit;
  return BODY_LIMIT;
}
const hasBody = (req) => req.method !== "GET" && req.method !== "HEAD";
/** Said before a byte is read, when the length is declared. */
const declaredTooLarge = (req, limit) => Number(req.headers["content-length"] ?? 0) > limit;

/** The session's responses are nobody else's, and are not kept: Back after signing out shows nothing. */
const SESSION_COOKIE = "px_session=";
const privateResponse = (req, response) => req.headers.cookie?.includes(SESSION_COOKIE) || response.headers.getSetCookie().some((c) => c.startsWith(SESSION_COOKIE));

const compress = compression();
const buildFiles = serveStatic(path.join(here, "public/build"), { immutable: true, maxAge: "1y", index: false, fallthrough: true });
// The service worker is asked for afresh every time, so a new one reaches every phone at its next page.
const noCacheForWorker = (res, file) => path.basename(file) === "sw.js" && res.setHeader("Cache-Control", "no-cache");
const publicFiles = serveStatic(path.join(here, "public"), { maxAge: "1h", index: false, fallthrough: true, setHeaders: noCacheForWorker });
const handleRemix = createRequestHandler(build, mode);

/**
 * The body as Remix reads it, counted as it streams (a chunked body declares no length):
 * past the limit the stream fails and `onTooLarge` answers.
 */
function limitedBody(req, limit, onTooLarge) {
  let received = 0;
  const counter = new Transform({
    transform(chunk, _encoding, callback) {
      received += chunk.length;
      if (received <= limit) return callback(null, chunk);
      onTooLarge();
      callback(new Error("request body too large"));
    },
  });
  return createReadableStreamFromReadable(req.pipe(counter));
}

function toRequest(req, res, onTooLarge) {
  // From req.headers, not rawHeaders: sameOrigin() may have removed an opaque Origin.
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value !== undefined) headers.set(key, value);
  }
  const controller = new AbortController();
  // Loaders and actions stop when the person gives up before the answer is written.
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const init = { method: req.method, headers, signal: controller.signal };
  if (hasBody(req)) {
    init.body = limitedBody(req, bodyLimit(req.url.split("?", 1)[0]), () => {
      onTooLarge();
      controller.abort();
    });
    init.duplex = "half";
  }
  return new Request(`${originOf(req)}${req.url}`, init);
}

async function sendResponse(req, res, response, document) {
  res.statusCode = response.status;
  for (const [key, value] of response.headers) {
    if (key === "set-cookie") continue;
    res.setHeader(key, value);
  }
  // A file served to a member says "private" itself, and is revalidated by its ETag.
  if (privateResponse(req, response) && !/\bprivate\b/.test(response.headers.get("cache-control") ?? "")) res.setHeader("Cache-Control", "private, no-store");
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader("Set-Cookie", cookies);
  // An export ZIP is made as it is sent (a file at a time from the database): it streams,
  // so its size never sits in memory.
  if (response.body && document?.response !== response && !response.headers.has("content-length") && /zip/.test(response.headers.get("content-type") ?? "")) {
    return pipeline(Readable.fromWeb(response.body), res).catch((error) => {
      console.error(error);
      res.destroy();
    });
  }
  // A page rendered by entry.server is written as the string it was rendered to; any other
  // body is read whole. Either goes in one write with its length, not in chunks (compression
  // drops the length when it compresses).
  const body = document?.response === response ? document.html : response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  if (body !== undefined) res.setHeader("Content-Length", Buffer.byteLength(body));
  res.end(body);
}

function fail(res, status, message) {
  if (res.headersSent) return res.destroy();
  res.statusCode = status;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  res.end(message);
}

/**
 * 413, then what nginx calls a lingering close: the rest of the body is read and dropped for a
 * few seconds, so that a client still sending sees the answer rather than a reset, and the
 * connection goes if the body has not ended by then.
 */
function tooLarge(req, res) {
  if (res.headersSent) return res.destroy();
  req.unpipe();
  req.resume();
  const linger = setTimeout(() => req.socket.destroy(), 5000);
  req.once("end", () => clearTimeout(linger));
  req.socket.once("close", () => clearTimeout(linger));
  fail(res, 413, "Request body too large");
}

async function serve() {
  const db = await open();
  // The weekly digest: every worker and server asks, the one holding the lease for this database sends.
  const digests = startDigestScheduler(db);

  async function remix(req, res, nonce) {
    const context = createRequestContext(db, { cspNonce: nonce, clientIp: clientIp(req) });
    let refused = false;
    const request = toRequest(req, res, () => {
      refused = true;
      tooLarge(req, res);
    });
    try {
      const response = await handleRemix(request, context);
      if (!refused) await sendResponse(req, res, response, context.memo.document);
    } catch (error) {
      // Refused already: whatever failed for want of the body has been answered.
      if (!refused) throw error;
    }
  }

  // Requests start in the order they arrived, one per turn of the event loop.
  const handle = inArrivalOrder((req, res) => {
    securityHeaders(res);
    if (!req.url.startsWith("/")) return fail(res, 400, "Bad request");
    if (!rightHost(req)) return fail(res, 421, `Misdirected request: this server answers for ${appOrigin.host}`);
    if (!sameOrigin(req)) return fail(res, 403, "Forbidden: cross-origin request");
    if (hasBody(req) && declaredTooLarge(req, bodyLimit(req.url.split("?", 1)[0]))) return tooLarge(req, res);
    compress(req, res, () => {
      const pathname = req.url.split("?", 1)[0];
      const done = (error) => {
        // Not a file (or none found): a page, with the page-only headers.
        const nonce = documentHeaders(res);
        if (error) return fail(res, error.status ?? 500, "Error");
        remix(req, res, nonce).catch((e) => {
          console.error(e);
          fail(res, 500, "Internal Server Error");
        });
      };
      // Browsers ask for /favicon.ico whatever the page links; the icon is an SVG.
      if (pathname === "/favicon.ico") {
        res.writeHead(301, { Location: "/favicon.svg" });
        return res.end();
      }
      if (pathname.startsWith("/build/")) {
        req.url = req.url.slice("/build".length);
        return buildFiles(req, res, (error) => {
          req.url = `/build${req.url}`;
          done(error);
        });
      }
      // Only addresses that name a file go to the disk; pages go straight to Remix.
      if (path.extname(pathname)) return publicFiles(req, res, done);
      done();
    });
  });
  const server = http.createServer(handle);
  // A client that asks before sending a body hears 413 instead of "go on" when it declares too much.
  server.on("checkContinue", (req, res) => {
    if (!declaredTooLarge(req, bodyLimit(req.url.split("?", 1)[0]))) res.writeContinue();
    handle(req, res);
  });

  server.listen(port, host, () => {
    if (cluster.isPrimary) console.log(`Practice Exchange is ready at http://localhost:${port} (${process.env.NODE_ENV}, 1 worker)\nData: ${describeDatabase()}`);
  });

  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      // A digest being handed to the relay is finished and recorded before the database closes.
      const digestsStopped = digests.stop();
      server.close(() => digestsStopped.then(() => db.destroy()).finally(() => process.exit(0)));
      server.closeIdleConnections();
      setTimeout(() => process.exit(0), 5000).unref();
    });
  }
}

if (cluster.isPrimary && workers > 1) {
  // Migrations run once, here, before any worker opens the database.
  await (await open()).destroy();
  let stopping = false;
  let listening = 0;
  cluster.on("listening", () => {
    if (++listening === workers) console.log(`Practice Exchange is ready at http://localhost:${port} (${process.env.NODE_ENV}, ${workers} workers)\nData: ${describeDatabase()}`);
  });
  // A worker that dies is replaced; its requests in flight are lost, the others go on.
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    console.error(`worker ${worker.process.pid} stopped (${signal ?? code}); starting another`);
    setTimeout(() => cluster.fork(), 1000).unref();
  });
  for (let i = 0; i < workers; i++) cluster.fork();
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
      cluster.on("exit", () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0));
      setTimeout(() => process.exit(0), 6000).unref();
    });
  }
} else {
  await serve();
}
