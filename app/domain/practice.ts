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
  /** Only the practices addressed to this group (its page). */
  audienceGroupId?: number;
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

/** Who may read a published practice: its own organisation, one group of organisations, or every member. */
export const AUDIENCES = ["organisation", "group", "all"] as const;
export type Audience = (typeof AUDIENCES)[number];
const AUDIENCE_LABELS = {
  organisation: "audience.organisation",
  group: "audience.group",
  all: "audience.all",
} as const satisfies Record<Audience, string>;
export const audienceLabel = (audience: Audience) => AUDIENCE_LABELS[audience];

/** An audience as the practice stores it: a group audience names its group. */
export interface AudienceChoice {
  audience: Audience;
  groupId: number | null;
}
/** What an author may choose from: their organisation, its live groups, or all members. */
export interface AudienceOptions {
  organisationName: string;
  groups: { id: number; name: string }[];
  /** The choice to show checked, as a form value ("organisation", "group:<id>", "all"). */
  value: string;
}

/** An audience as one form value: "organisation", "all", or "group:<id>". */
export const audienceValue = (c: AudienceChoice) => (c.audience === "group" ? `group:${c.groupId}` : c.audience);
export const AUDIENCE_VALUE = /^(organisation|all|group:[1-9][0-9]{0,14})$/;
export function parseAudienceValue(value: string): AudienceChoice | null {
  if (!AUDIENCE_VALUE.test(value)) return null;
  if (value.startsWith("group:")) return { audience: "group", groupId: Number(value.slice(6)) };
  return { audience: value as "organisation" | "all", groupId: null };
}

/** What deciding who may see or change a practice needs to know (app/auth/permissions.server). */
export interface PracticeSubject {
  status: PracticeStatus;
  organisationId: number;
  authorId: number | null;
  /** Hidden by moderators, or restricted while a personal-data flag is open. */
  restricted: boolean;
  audience: Audience;
  audienceGroupId: number | null;
  /** Whose members "its organisation" means: its own, or a translation's original's. */
  audienceOrganisationId: number;
  /** Withdrawn by its organisation. */
  withdrawn: boolean;
  /** A flag on the practice awaits moderation: curators and admins may read it whatever its audience. */
  openFlag?: boolean;
}

/** A practice's access columns, as a joined query selects them (`practicePrefixedColumns` in models/practice). */
export interface JoinedPracticeAccess {
  practiceStatus: PracticeStatus;
  practiceOrganisationId: number;
  practiceAuthorId: number | null;
  practiceHiddenAt: number | null;
  practiceRestrictedAt: number | null;
  practiceAudience: Audience;
  practiceAudienceGroupId: number | null;
  practiceAudienceOrganisationId: number | null;
  practiceWithdrawnAt: number | null;
}

/** A practice's access columns as its own row has them. */
export interface PracticeAccess {
  status: PracticeStatus;
  organisation_id: number;
  author_id: number | null;
  hidden_at: number | null;
  restricted_at: number | null;
  audience: Audience;
  audience_group_id: number | null;
  audience_organisation_id: number | null;
  withdrawn_at: number | null;
}

export function practiceSubject(p: PracticeAccess): PracticeSubject {
  return {
    status: p.status,
    organisationId: p.organisation_id,
    authorId: p.author_id,
    restricted: p.hidden_at !== null || p.restricted_at !== null,
    audience: p.audience,
    audienceGroupId: p.audience_group_id,
    audienceOrganisationId: p.audience_organisation_id ?? p.organisation_id,
    withdrawn: p.withdrawn_at !== null,
  };
}

export function joinedPracticeSubject(p: JoinedPracticeAccess): PracticeSubject {
  return practiceSubject({
    status: p.practiceStatus,
    organisation_id: p.practiceOrganisationId,
    author_id: p.practiceAuthorId,
    hidden_at: p.practiceHiddenAt,
    restricted_at: p.practiceRestrictedAt,
    audience: p.practiceAudience,
    audience_group_id: p.practiceAudienceGroupId,
    audience_organisation_id: p.practiceAudienceOrganisationId,
    withdrawn_at: p.practiceWithdrawnAt,
  });
}
