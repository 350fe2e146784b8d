import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { createRequestContext } from "../../app/server/context";

type RouteFn = (args: { request: Request; params: Record<string, string>; context: ReturnType<typeof createRequestContext> }) => unknown;

export interface CallOptions {
  db: Kysely<Database>;
  path?: string;
  cookie?: string;
  form?: Record<string, string | string[]>;
  params?: Record<string, string>;
  headers?: Record<string, string>;
}

/**
 * Runs a loader (GET) or action (POST when `form` is given) as Remix would, and returns
 * the Response, whether the route returned it or threw it.
 */
export async function call(fn: RouteFn, { db, path = "/", cookie, form, params = {}, headers = {} }: CallOptions): Promise<Response> {
  const init: RequestInit = { method: form ? "POST" : "GET", headers: { ...headers, ...(cookie ? { Cookie: cookie } : {}) } };
  if (form) {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(form)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    }
    init.body = body;
  }
  const request = new Request(`http://localhost${path}`, init);
  try {
    const result = await fn({ request, params, context: createRequestContext(db, { clientIp: "127.0.0.1" }) });
    if (result instanceof Response) return result;
    return Response.json(result);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

export function setCookieToken(response: Response): string | null {
  const header = response.headers.get("Set-Cookie");
  const match = header?.match(/px_session=([^;]*)/);
  return match ? (match[1] ?? null) : null;
}
