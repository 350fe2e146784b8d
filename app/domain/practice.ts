// Label keys: `<thing>Label(value)` returns the value's catalogue key (see README.md).

export const PRACTICE_STATUSES = ["draft", "published", "archived"] as const;
export type PracticeStatus = (typeof PRACTICE_STATUSES)[number];

/** The write-up's Markdown sections, in template order. */
export const SECTIONS = ["context", "approach", "resources", "outcomes", "lessons", "adapt"] as const;
export type Section = (typeof SECTIONS)[number];

const SECTION_LABELS = {
  context: "practice.context",
  approach: "practice.approach",
  resources: "practice.resources",
  outcomes: "practice.outcomes",
  lessons: "practice.lessons",
  adapt: "practice.adapt",
} as const satisfies Record<Section, string>;
export const sectionLabel = (section: Section) => SECTION_LABELS[section];

/** The fields of a write-up as a reader sees them, in reading order: title, summary, sections. */
export const WRITE_UP_FIELDS = ["title", "summary", ...SECTIONS] as const;
export type WriteUpField = (typeof WRITE_UP_FIELDS)[number];
const WRITE_UP_FIELD_LABELS = { title: "practice.title", summary: "practice.summary", ...SECTION_LABELS } as const satisfies Record<WriteUpField, string>;
export const writeUpFieldLabel = (field: WriteUpField) => WRITE_UP_FIELD_LABELS[field];

/** What the form says under each section's heading. */
const SECTION_HINTS = {
  context: "practice.contextHint",
  approach: "practice.approachHint",
  resources: "practice.resourcesHint",
  outcomes: "practice.outcomesHint",
  lessons: "practice.lessonsHint",
  adapt: "practice.adaptHint",
} as const satisfies Record<Section, string>;
export const sectionHint = (section: Section) => SECTION_HINTS[section];

/** A practice's text: its title, summary and sections, as Markdown. */
export interface WriteUp {
  title: string;
  summary: string;
  context: string;
  approach: string;
  resources: string;
  outcomes: string;
  lessons: string;
  adapt: string;
}

export interface PracticeMeta {
  language: string;
  themes: string[];
  countries: string[];
}

/** How the practices list narrows; every filter is optional. */
export interface PracticeFilters {
  theme?: string;
  country?: string;
  organisationId?: number;
  language?: string;
}

export const PRACTICE_SORTS = ["newest", "updated", "endorsed", "discussed"] as const;
export type PracticeSort = (typeof PRACTICE_SORTS)[number];

const PRACTICE_SORT_LABELS = {
  newest: "practices.sortNewest",
  updated: "practices.sortUpdated",
  endorsed: "practices.sortEndorsed",
  discussed: "practices.sortDiscussed",
} as const satisfies Record<PracticeSort, string>;
export const practiceSortLabel = (sort: PracticeSort) => PRACTICE_SORT_LABELS[sort];
