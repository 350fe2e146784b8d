import type { MetaFunction } from "@remix-run/node";
import type { MessageKey } from "./en";

/** Page titles are read in meta functions, outside React: the root loader sends just these. */
export const TITLE_KEYS = [
  "app.name",
  "discreet.title",
  "admin.title",
  "audit.title",
  "comment.title",
  "flag.title",
  "forgot.title",
  "groups.title",
  "glossary.title",
  "glossary.edit.newTitle",
  "glossary.edit.editTitle",
  "glossary.history.title",
  "glossary.proposal.title",
  "glossary.proposal.newTitle",
  "glossary.import.title",
  "handbook.curate",
  "handbooks.new",
  "handbooks.title",
  "history.title",
  "home.title",
  "invitations.title",
  "invite.title",
  "login.title",
  "twoFactor.title",
  "twoFactor.signInTitle",
  "recent.title",
  "member.title",
  "moderation.title",
  "nominate.title",
  "nominations.title",
  "notifications.title",
  "offline.title",
  "org.edit",
  "orgs.new",
  "orgs.title",
  "practice.edit",
  "practice.new",
  "practices.title",
  "privacyReports.title",
  "reset.title",
  "search.title",
  "saved.title",
  "settings.title",
  "setup.title",
  "unsubscribe.title",
] as const satisfies readonly MessageKey[];
export type TitleKey = (typeof TITLE_KEYS)[number];

type MetaArgs = Parameters<MetaFunction>[0];

type Titles = Partial<Record<TitleKey, string>> & { discreet?: boolean };

function rootTitles(matches: MetaArgs["matches"]): Titles {
  const root = matches.find((m) => m.id === "root")?.data as { titles?: Record<TitleKey, string>; discreet?: boolean } | undefined;
  return { ...root?.titles, discreet: root?.discreet };
}

/** Every title is made here, so discreet mode (settings) gives every page the same neutral one, "Notes". */
const compose = (titles: Titles, page: string | undefined) => {
  if (titles.discreet) return titles["discreet.title"] ?? "Notes";
  const app = titles["app.name"] ?? "Practice Exchange";
  return page ? `${page} · ${app}` : app;
};

/** The root's title, for a page that sets none: the forum's name, or the neutral one. */
export const siteTitle: MetaFunction = ({ matches }) => [{ title: compose(rootTitles(matches), undefined) }];

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
