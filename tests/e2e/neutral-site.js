// The "neutral site" QUICK_EXIT_URL points at in the end-to-end tests, so that leaving the
// forum never reaches the internet. It counts what it is asked for, so a test can see that
// the forum's pages fetch nothing from it before "Leave this page" is used.
//   node tests/e2e/neutral-site.js <port>
import http from "node:http";

const port = Number(process.argv[2]);
let hits = [];

http
  .createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/health") return res.end("ok");
    if (url.pathname === "/hits") {
      if (req.method === "DELETE") hits = [];
      res.setHeader("Content-Type", "application/json");
      return res.end(JSON.stringify(hits));
    }
    hits.push({ path: url.pathname + url.search, referer: req.headers.referer ?? null });
    res.setHeader("Content-Type", "text/html; charset=utf-8");
    res.end(
      `<!doctype html><html lang="en"><meta charset="utf-8"><title>Weather</title><h1>Today's weather</h1><p>${url.pathname === "/start" ? "A page read before the forum." : "Sunny spells."}</p></html>`,
    );
  })
  .listen(port, "127.0.0.1");
