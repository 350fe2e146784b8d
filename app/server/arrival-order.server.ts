import type { IncomingMessage, ServerResponse } from "node:http";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Starts requests one per turn of the event loop, in the order they arrived.
 *
 * Left to itself, Node starts all the requests that came in during one busy turn together,
 * in the next turn. Under load, a request that comes in just after a turn began waits for
 * that whole turn and then for its place in the next one: a few requests in every round
 * wait two rounds (p99 ≈ 2 × p50). Taking one request per turn lets the loop look for new
 * arrivals between requests, so each waits only for those that came before it.
 * See docs/decisions/0005-server-path.md.
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
