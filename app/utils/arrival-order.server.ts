import type { IncomingMessage, ServerResponse } from "node:http";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Starts requests one per turn of the event loop, in the order they arrived.
 *
 * Left to itself, Node starts every request that came in during a busy turn at once, in the
 * order of their sockets. Under load, a request that arrives just after a turn began waits
 * for that turn and then for its place in the next one, behind newer requests on lower
 * sockets: twice the usual wait, on about one request in twenty (p99 ≈ 2 × p50). Taking one
 * request per turn lets the loop look for new arrivals between requests, so each waits only
 * for those that came before it. See docs/decisions/0005-server-path.md.
 */
export function inArrivalOrder(handler: Handler): Handler {
  const waiting: [IncomingMessage, ServerResponse][] = [];
  const next = () => {
    const [req, res] = waiting.shift()!;
    if (waiting.length) setImmediate(next);
    // Someone who gave up while waiting costs nothing.
    if (!res.destroyed) handler(req, res);
  };
  return (req, res) => {
    if (waiting.push([req, res]) === 1) setImmediate(next);
  };
}
