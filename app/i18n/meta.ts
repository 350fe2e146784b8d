import type { MetaFunction } from "@remix-run/node";
import type { MessageKey } from "./en";

/** Page titles are read in meta functions, outside React: the root loader sends just these. */
export const TITLE_KEYS = [
  "app.name",
  "admin.title",
  "audit.title",
  "comment.title",
  "flag.title",
  "forgot.title",
  "handbook.curate",
  "handbooks.new",
  "handbooks.title",
  "history.title",
  "home.title",
  "invitations.title",
  "invite.title",
  "login.title",
  "member.title",
  "moderation.title",
  "nominate.title",
  "nominations.title",
  "notifications.title",
  "org.edit",
  "orgs.new",
  "orgs.title",
  "practice.edit",
  "practice.new",
  "practices.title",
  "reset.title",
  "search.title",
  "settings.title",
  "setup.title",
] as const satisfies readonly MessageKey[];
export type TitleKey = (typeof TITLE_KEYS)[number];

type MetaArgs = Parameters<MetaFunction>[0];

function rootTitles(matches: MetaArgs["matches"]): Partial<Record<TitleKey, string>> {
  const root = matches.find((m) => m.id === "root")?.data as { titles?: Record<TitleKey, string> } | undefined;
  return root?.titles ?? {};
}

const compose = (titles: Partial<Record<TitleKey, string>>, page: string | undefined) => {
  const app = titles["app.name"] ?? "Practice Exchange";
  return page ? `${page} · ${app}` : app;
};

/** `export const meta = pageTitle("login.title")`: "Sign in · Practice Exchange" in the page's language. */
export function pageTitle(key: TitleKey): MetaFunction {
  return ({ matches }) => [{ title: compose(rootTitles(matches), rootTitles(matches)[key]) }];
}

/** A title taken from the page's own data (a name), falling back to a catalogue key. */
export function dataTitle<D>(pick: (data: D) => string | undefined, fallback: TitleKey): MetaFunction {
  return ({ matches, data }) => {
    const titles = rootTitles(matches);
    return [{ title: compose(titles, (data ? pick(data as D) : undefined) ?? titles[fallback]) }];
  };
}
