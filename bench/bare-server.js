// The ceiling: node:http returning fixed bytes, run the way server.js runs (its own process,
// WEB_CONCURRENCY workers), so the app and the ceiling meet the load generator alike.
// node bench/bare-server.js <body file> <port>
import cluster from "node:cluster";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";

const [file, port] = process.argv.slice(2);
const workers = Math.max(1, Number(process.env.WEB_CONCURRENCY) || os.availableParallelism());
if (cluster.isPrimary && workers > 1) {
  for (let i = 0; i < workers; i++) cluster.fork();
  process.on("SIGTERM", () => process.exit(0));
} else {
  const body = fs.readFileSync(file);
  http
    .createServer((_, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": body.length });
      res.end(body);
    })
    .listen(Number(port), "127.0.0.1");
}
