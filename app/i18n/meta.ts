import type { MetaFunction } from "@remix-run/node";
import { en, type Catalogue, type MessageKey } from "./en";

/** `export const meta = pageTitle("login.title")`: "Sign in · Practice Exchange" in the page's language. */
export function pageTitle(key: MessageKey): MetaFunction {
  return ({ matches }) => {
    const root = matches.find((m) => m.id === "root")?.data as { messages?: Catalogue } | undefined;
    const messages = root?.messages ?? en;
    return [{ title: `${messages[key]} · ${messages["app.name"]}` }];
  };
}
