import type { MetaFunction } from "@remix-run/node";
import { en, type Catalogue, type MessageKey } from "./en";

type MetaArgs = Parameters<MetaFunction>[0];

function rootMessages(matches: MetaArgs["matches"]): Catalogue {
  const root = matches.find((m) => m.id === "root")?.data as { messages?: Catalogue } | undefined;
  return root?.messages ?? en;
}

/** `export const meta = pageTitle("login.title")`: "Sign in · Practice Exchange" in the page's language. */
export function pageTitle(key: MessageKey): MetaFunction {
  return ({ matches }) => {
    const messages = rootMessages(matches);
    return [{ title: `${messages[key]} · ${messages["app.name"]}` }];
  };
}

/** A title taken from the page's own data (a name), falling back to a catalogue key. */
export function dataTitle<D>(pick: (data: D) => string | undefined, fallback: MessageKey): MetaFunction {
  return ({ matches, data }) => {
    const messages = rootMessages(matches);
    const title = data ? pick(data as D) : undefined;
    return [{ title: `${title ?? messages[fallback]} · ${messages["app.name"]}` }];
  };
}
