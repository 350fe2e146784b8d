import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { SessionMember } from "../auth/session.server";

/** Per-request state shared between the loaders of one request. */
export interface RequestMemo {
  member?: Promise<SessionMember | null>;
  /** Set-Cookie values that entry.server adds to whatever response goes out. */
  setCookies: string[];
  /**
   * The page entry.server rendered, beside the Response that carries it: server.js writes
   * the string itself when Remix hands back that very Response, instead of reading the
   * bytes back out of its web stream (a twentieth of a page's cost).
   */
  document?: { response: Response; html: string };
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    db: Kysely<Database>;
    cspNonce: string;
    clientIp: string;
    memo: RequestMemo;
  }
}

export function createRequestContext(db: Kysely<Database>, extra: { cspNonce?: string; clientIp?: string } = {}) {
  return { db, cspNonce: extra.cspNonce ?? "", clientIp: extra.clientIp ?? "", memo: { setCookies: [] } };
}
