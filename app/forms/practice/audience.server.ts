import type { AppLoadContext } from "@remix-run/node";
import { audienceValue, type AudienceChoice, type AudienceOptions } from "../../domain/practice";
import type { SessionMember } from "../../auth/session.server";
import { defaultAudienceOf, groupsForPicker } from "../../models/organisation-group.server";

/** The audience choices for this member's form: `current` checked, or else their organisation's default. */
export async function audienceOptionsFor(db: AppLoadContext["db"], member: SessionMember, current?: AudienceChoice): Promise<AudienceOptions> {
  const [groups, choice] = await Promise.all([groupsForPicker(db, { organisationId: member.organisationId }), current ?? defaultAudienceOf(db, { organisationId: member.organisationId })]);
  return { organisationName: member.organisationName, groups, value: audienceValue(choice) };
}
