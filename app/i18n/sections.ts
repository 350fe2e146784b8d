import type { ClientLoaderFunctionArgs } from "@remix-run/react";
import { loadSection } from "./client";

/**
 * A section is a part of the catalogue only some pages read, which would otherwise weigh on
 * every page's first load (a sixth of it, each): the glossary's pages; the pages that run the
 * forum (administration, moderation, curation, invitations); the account's (signing in,
 * settings). The server holds every section; the browser loads one with the first page that
 * needs it. A string read anywhere else too (the glossary's nav link, its annex in a
 * handbook) stays in the core. tests/i18n.test.ts checks that a section's keys are read only
 * by its pages and what only they import.
 */
export const SECTIONS = ["glossary", "manage", "account"] as const;
export type Section = (typeof SECTIONS)[number];

export function isSection(value: string): value is Section {
  return (SECTIONS as readonly string[]).includes(value);
}

/** What root.tsx reads from the matched routes, to name the page's sections in `<html data-catalogues>`. */
export interface SectionHandle {
  catalogues: readonly Section[];
}

/** `export const handle = sectionHandle("glossary")`: the first load brings the section along. */
export function sectionHandle(section: Section): SectionHandle {
  return { catalogues: [section] };
}

/**
 * `export const clientLoader = withSection("glossary")`: a client-side navigation to the page
 * loads the section's chunk alongside the server's data, so the page renders with its words.
 * It does not run while hydrating (there is server data), when entry.client has loaded it.
 */
export function withSection(section: Section) {
  return async ({ serverLoader }: ClientLoaderFunctionArgs) => {
    const [data] = await Promise.all([serverLoader(), loadSection(section)]);
    return data;
  };
}
