import http from "node:http";
import type { AddressInfo } from "node:net";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { createServerRoutes } from "@remix-run/react/dist/routes.js";
import { matchRoutes } from "@remix-run/router";
import { inArrivalOrder } from "../app/server/arrival-order.server";

/** Busy for `ms`, as a page render is: the event loop takes nothing else meanwhile. */
const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

/**
 * Three keep-alive connections, then one request on each, sent from another thread at the
 * given times (ms), so that they arrive while this thread is busy serving.
 */
function sendFromAnotherThread(port: number, schedule: [connection: string, at: number][]) {
  const worker = new Worker(
    `
    const net = require("node:net");
    const { workerData, parentPort } = require("node:worker_threads");
    (async () => {
      const sockets = {};
      for (const name of ["A", "B", "X"]) {
        sockets[name] = await new Promise((resolve) => { const s = net.connect(workerData.port, "127.0.0.1", () => resolve(s)); });
        sockets[name].on("data", () => {});
      }
      parentPort.postMessage("connected");
      await new Promise((resolve) => parentPort.once("message", resolve));
      const t0 = Date.now();
      for (const [name, at] of workerData.schedule) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, t0 + at - Date.now())));
        sockets[name].write("GET /" + name + " HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n");
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
      for (const s of Object.values(sockets)) s.destroy();
    })();
    `,
    { eval: true, workerData: { port, schedule } },
  );
  return worker;
}

describe("the server path", () => {
  it("starts one request per turn of the event loop, so the loop looks for new arrivals in between", async () => {
    const events: string[] = [];
    const server = http.createServer(
      inArrivalOrder((req, res) => {
        const name = req.url!.slice(1);
        events.push(name);
        if (name === "X") busy(150);
        if (name === "A") {
          setTimeout(() => events.push("a timer"), 0);
          busy(5);
        }
        res.end("ok");
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    // A and B both arrive while X is being served, so the loop sees them in the same turn.
    const worker = sendFromAnotherThread((server.address() as AddressInfo).port, [
      ["X", 0],
      ["A", 50],
      ["B", 60],
    ]);
    await new Promise((resolve) => worker.once("message", resolve));
    worker.postMessage("go");
    await expect.poll(() => events.length, { timeout: 5_000 }).toBe(4);
    // Without the queue, B would start in the same turn as A, before the timer A set.
    expect(events).toEqual(["X", "A", "a timer", "B"]);
    await worker.terminate();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("makes a build's routes once and ranks a set of routes once (patches/, applied on install)", () => {
    const manifest = { root: { id: "root", path: "", hasLoader: true }, "routes/a": { id: "routes/a", parentId: "root", path: "a", hasLoader: true } };
    const modules = () => ({ root: { default: () => null }, "routes/a": { default: () => null } });
    const shared = modules();
    // Remix builds a new modules object per request around the same modules.
    const first = createServerRoutes(manifest as never, { ...shared } as never, {} as never, false);
    expect(createServerRoutes(manifest as never, { ...shared } as never, {} as never, false)).toBe(first);
    // Other modules (a new build in development) are not served stale routes.
    expect(createServerRoutes(manifest as never, modules() as never, {} as never, false)).not.toBe(first);

    let reads = 0;
    const routes = new Proxy(
      [
        { id: "a", path: "/a" },
        { id: "b", path: "/b/:slug" },
      ],
      {
        get(target, key, receiver) {
          if (key === "length") reads++;
          return Reflect.get(target, key, receiver);
        },
      },
    );
    expect(matchRoutes(routes, "/b/x")?.[0]?.params).toEqual({ slug: "x" });
    const afterFirst = reads;
    expect(matchRoutes(routes, "/a")?.[0]?.route.id).toBe("a");
    expect(reads).toBe(afterFirst);
  });
});
