// The production server: Express serves the static files and hands every other request
// to Remix. It adds what Remix v2 has no hook for: security headers on every response,
// the same-origin check on every non-GET request, and one database handle for all requests.
import crypto from "node:crypto";
import path from "node:path";
import url from "node:url";
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

const here = path.dirname(url.fileURLToPath(import.meta.url));
const build = await import(url.pathToFileURL(path.join(here, "build/index.js")).href);
const { openDatabase, createRequestContext } = build.entry.module;

const db = await openDatabase(process.env.DATABASE_PATH || path.join(here, "data/practice-exchange.sqlite"));
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "0.0.0.0";

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", process.env.TRUST_PROXY || "loopback");
app.use(compression());

app.use((req, res, next) => {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "object-src 'none'",
    ].join("; "),
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  next();
});

// Every non-GET request from another site is refused. Browsers send Origin on POST, but
// "null" under our Referrer-Policy: no-referrer, so Sec-Fetch-Site decides then.
app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  const origin = req.get("origin");
  const fetchSite = req.get("sec-fetch-site");
  const allowed = process.env.APP_ORIGIN || `${req.protocol}://${req.get("host")}`;
  const sameOrigin =
    origin && origin !== "null" ? origin === allowed : fetchSite ? fetchSite === "same-origin" : origin === undefined;
  if (!sameOrigin) {
    res.status(403).type("text/plain").send("Forbidden: cross-origin request");
    return;
  }
  // Verified above; Remix's own check would otherwise refuse the opaque "null".
  if (origin === "null") delete req.headers.origin;
  next();
});

// Browsers ask for /favicon.ico whatever the page links; the icon is an SVG.
app.get("/favicon.ico", (req, res) => res.redirect(301, "/favicon.svg"));
app.use("/build", express.static(path.join(here, "public/build"), { immutable: true, maxAge: "1y" }));
// Only addresses that name a file go to the disk; pages go straight to Remix.
const publicFiles = express.static(path.join(here, "public"), { maxAge: "1h", index: false });
app.use((req, res, next) => (path.extname(req.path) ? publicFiles(req, res, next) : next()));

app.all(
  "*",
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV === "development" ? "development" : "production",
    getLoadContext: (req, res) => createRequestContext(db, { cspNonce: res.locals.cspNonce, clientIp: req.ip ?? "" }),
  }),
);

const server = app.listen(port, host, () => {
  console.log(`Practice Exchange is ready at http://localhost:${port}`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close(() => db.destroy().finally(() => process.exit(0)));
    setTimeout(() => process.exit(0), 5000).unref();
  });
}
