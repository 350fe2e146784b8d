// The production server: plain node:http in front of Remix, one worker process per core
// (WEB_CONCURRENCY). Each worker serves the static files and hands every other request to
// Remix, adding what Remix v2 has no hook for: security headers on every response, the
// same-origin check on every non-GET request, and one database handle for all requests.
// SQLite in WAL mode takes readers from every process at once and one writer at a time;
// transactions take the write lock when they begin (db/client.ts). See docs/decisions/0004.
import cluster from "node:cluster";
import crypto from "node:crypto";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import url from "node:url";
import { createReadableStreamFromReadable, createRequestHandler } from "@remix-run/node";
import compression from "compression";
import proxyaddr from "proxy-addr";
import serveStatic from "serve-static";

// `npm start` is production unless told otherwise (`npm run dev` says so): React reads this
// when the build imports it, and its development build renders a page a third slower.
process.env.NODE_ENV ||= "production";
const here = path.dirname(url.fileURLToPath(import.meta.url));
const build = await import(url.pathToFileURL(path.join(here, "build/index.js")).href);
const { openDatabase, createRequestContext, inArrivalOrder } = build.entry.module;

const databasePath = process.env.DATABASE_PATH || path.join(here, "data/practice-exchange.sqlite");
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "0.0.0.0";
const workers = Math.max(1, Number(process.env.WEB_CONCURRENCY) || os.availableParallelism());
const mode = process.env.NODE_ENV === "development" ? "development" : "production";

/** Which proxies' X-Forwarded-* headers are believed: the values Express's `trust proxy` takes. */
function compileTrust(value) {
  if (value === "true") return () => true;
  if (value === "false") return () => false;
  if (/^\d+$/.test(value)) return (_address, hop) => hop < Number(value);
  return proxyaddr.compile(value.split(",").map((s) => s.trim()).filter(Boolean));
}
const trust = compileTrust(process.env.TRUST_PROXY || "loopback");
const trusted = (req) => trust(req.socket.remoteAddress ?? "", 0);
const clientIp = (req) => proxyaddr(req, trust);
/** A forwarded header's first value, when the proxy that sent it is trusted. */
const forwarded = (req, name) => (req.headers[name] && trusted(req) ? String(req.headers[name]).split(",")[0].trim() : undefined);
const protocol = (req) => forwarded(req, "x-forwarded-proto") ?? (req.socket.encrypted ? "https" : "http");
const hostOf = (req) => forwarded(req, "x-forwarded-host") ?? req.headers.host ?? "localhost";

const CSP_REST = [
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "object-src 'none'",
].join("; ");

function securityHeaders(res) {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.setHeader("Content-Security-Policy", `default-src 'self'; script-src 'self' 'nonce-${nonce}'; ${CSP_REST}`);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  return nonce;
}

/**
 * Every non-GET request from another site is refused. Browsers send Origin on POST, but
 * "null" under our Referrer-Policy: no-referrer, so Sec-Fetch-Site decides then.
 */
function sameOrigin(req) {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return true;
  const origin = req.headers.origin;
  const fetchSite = req.headers["sec-fetch-site"];
  const allowed = process.env.APP_ORIGIN || `${protocol(req)}://${hostOf(req)}`;
  const ok = origin && origin !== "null" ? origin === allowed : fetchSite ? fetchSite === "same-origin" : origin === undefined;
  // Verified here; Remix's own check would otherwise refuse the opaque "null".
  if (ok && origin === "null") delete req.headers.origin;
  return ok;
}

const compress = compression();
const buildFiles = serveStatic(path.join(here, "public/build"), { immutable: true, maxAge: "1y", index: false, fallthrough: true });
const publicFiles = serveStatic(path.join(here, "public"), { maxAge: "1h", index: false, fallthrough: true });
const handleRemix = createRequestHandler(build, mode);

function toRequest(req, res) {
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
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = createReadableStreamFromReadable(req);
    init.duplex = "half";
  }
  return new Request(`${protocol(req)}://${hostOf(req)}${req.url}`, init);
}

async function sendResponse(res, response, document) {
  res.statusCode = response.status;
  for (const [key, value] of response.headers) {
    if (key === "set-cookie") continue;
    res.setHeader(key, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader("Set-Cookie", cookies);
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
  res.end(message);
}

async function serve() {
  const db = await openDatabase(databasePath);

  async function remix(req, res, nonce) {
    const context = createRequestContext(db, { cspNonce: nonce, clientIp: clientIp(req) });
    const response = await handleRemix(toRequest(req, res), context);
    await sendResponse(res, response, context.memo.document);
  }

  // Requests start in the order they arrived, one per turn of the event loop.
  const server = http.createServer(inArrivalOrder((req, res) => {
    const nonce = securityHeaders(res);
    if (!sameOrigin(req)) return fail(res, 403, "Forbidden: cross-origin request");
    compress(req, res, () => {
      const pathname = req.url.split("?", 1)[0];
      const done = (error) => {
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
  }));

  server.listen(port, host, () => {
    if (cluster.isPrimary) console.log(`Practice Exchange is ready at http://localhost:${port} (${process.env.NODE_ENV}, 1 worker)`);
  });

  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      server.close(() => db.destroy().finally(() => process.exit(0)));
      server.closeIdleConnections();
      setTimeout(() => process.exit(0), 5000).unref();
    });
  }
}

if (cluster.isPrimary && workers > 1) {
  // Migrations run once, here, before any worker opens the database.
  await (await openDatabase(databasePath)).destroy();
  let stopping = false;
  let listening = 0;
  cluster.on("listening", () => {
    if (++listening === workers) console.log(`Practice Exchange is ready at http://localhost:${port} (${process.env.NODE_ENV}, ${workers} workers)`);
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
