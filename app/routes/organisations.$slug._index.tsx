import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Link } from "../ui/link";
import { z } from "zod";
import { requireMember } from "../auth/guards.server";
import { can, notFound, requirePermission } from "../auth/permissions.server";
import { AUDIENCE_VALUE, audienceValue, parseAudienceValue } from "../domain/practice";
import { recordAudit } from "../models/audit.server";
import { defaultAudienceOf, groupsForPicker, setDefaultAudience } from "../models/organisation-group.server";
import { inTransaction } from "../server/database.server";
import { AudienceField } from "../ui/audience-field";
import { useFormState } from "../ui/forms";
import { parseForm } from "../utils/forms";
import { dataTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { getOrganisationBySlug, listOrganisationMembers, parseLanguages } from "../models/organisation.server";
import { listOrganisationPractices, listWithdrawnPractices } from "../models/practice.server";
import { listGroupsOfOrganisation } from "../models/organisation-group.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { CountryName, useFormat } from "../ui/format";
import { PracticeList } from "../ui/practice-list";

export const meta = dataTitle((data: { organisation: { name: string } }) => data.organisation.name, "orgs.title");

const Params = /* @__PURE__ */ (() => z.object({ slug: z.string().min(1).max(100) }))();
const DefaultAudience = /* @__PURE__ */ (() => z.object({ intent: z.literal("defaultAudience"), audience: z.string({ error: "audience.choose" }).regex(AUDIENCE_VALUE, "audience.choose") }))();

async function organisationFrom(args: LoaderFunctionArgs) {
  const params = Params.safeParse(args.params);
  const organisation = params.success ? await getOrganisationBySlug(args.context.db, { slug: params.data.slug }) : undefined;
  if (!organisation) notFound();
  return organisation;
}

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  const organisation = await organisationFrom(args);
  const own = member.organisationId === organisation.id;
  const setsDefault = can(member, "setDefaultAudience", { organisationId: organisation.id });
  const [members, practices, groups, withdrawn, pickerGroups, defaultAudience] = await Promise.all([
    listOrganisationMembers(args.context.db, { organisationId: organisation.id }),
    listOrganisationPractices(args.context.db, { reader: member, organisationId: organisation.id }),
    listGroupsOfOrganisation(args.context.db, { organisationId: organisation.id }),
    // What it withdrew is for its own members only: the way back to undo a withdrawal.
    own ? listWithdrawnPractices(args.context.db, { organisationId: organisation.id }) : Promise.resolve([]),
    setsDefault ? groupsForPicker(args.context.db, { organisationId: organisation.id }) : Promise.resolve([]),
    setsDefault ? defaultAudienceOf(args.context.db, { organisationId: organisation.id }) : Promise.resolve(null),
  ]);
  return json({
    organisation: { ...organisation, languages: parseLanguages(organisation.languages) },
    members,
    practices,
    groups,
    withdrawn,
    // Its coordinators choose which audience its authors find preselected.
    defaultAudience: defaultAudience && { organisationName: organisation.name, groups: pickerGroups, value: audienceValue(defaultAudience) },
    canEdit: can(member, "administer"),
    canExport: can(member, "manageInvitations", { organisationId: organisation.id }),
  });
}

export async function action(args: ActionFunctionArgs) {
  const member = await requireMember(args);
  const organisation = await organisationFrom(args);
  requirePermission(member, "setDefaultAudience", { organisationId: organisation.id });
  const parsed = parseForm(DefaultAudience, await args.request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const choice = parseAudienceValue(parsed.data.audience);
  const groups = await groupsForPicker(args.context.db, { organisationId: organisation.id });
  if (!choice || (choice.audience === "group" && !groups.some((g) => g.id === choice.groupId))) {
    return json({ errors: { audience: { key: "audience.notYourGroup" } }, values: parsed.data }, { status: 400 });
  }
  await inTransaction(args.context.db, async (trx) => {
    await setDefaultAudience(trx, { organisationId: organisation.id, audience: choice.audience, groupId: choice.groupId });
    await recordAudit(trx, { actorId: member.id, action: "organisation.updated", targetType: "organisation", targetId: organisation.id, detail: { defaultAudience: parsed.data.audience } });
  });
  return redirect(`/organisations/${encodeURIComponent(organisation.slug)}?saved=audience`);
}

/** The audience this organisation's authors find preselected, for its coordinators. */
function DefaultAudienceForm({ options }: { options: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["defaultAudience"]> }) {
  const t = useT();
  const state = useFormState();
  const busy = useNavigation().state === "submitting";
  const [searchParams] = useSearchParams();
  return (
    <section aria-labelledby="default-audience-heading">
      <h2 id="default-audience-heading">{t("org.defaultAudience")}</h2>
      {searchParams.get("saved") === "audience" ? (
        <p className="notice" role="status">
          {t("org.defaultAudienceSaved")}
        </p>
      ) : null}
      <Form method="post">
        <input type="hidden" name="intent" value="defaultAudience" />
        <AudienceField
          options={{ ...options, value: (state.values?.audience as string | undefined) ?? options.value }}
          error={state.errors?.audience}
          legend={t("org.defaultAudience")}
          hint={t("org.defaultAudienceHint")}
        />
        <button type="submit" disabled={busy}>
          {t("audience.save")}
        </button>
      </Form>
    </section>
  );
}

export default function OrganisationPage() {
  const { organisation, members, practices, groups, withdrawn, defaultAudience, canEdit, canExport } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  return (
    <>
      <h1>{organisation.name}</h1>
      <dl className="facts">
        <dt>{t("org.country")}</dt>
        <dd>
          <CountryName code={organisation.country} />
        </dd>
        <dt>{t("org.languages")}</dt>
        <dd>{organisation.languages.length ? organisation.languages.map(format.language).join(", ") : t("org.noLanguages")}</dd>
      </dl>
      {canEdit || canExport ? (
        <p className="button-row">
          {canEdit ? <Link to={`/organisations/${organisation.slug}/edit`}>{t("org.edit")}</Link> : null}
          {canExport ? <a href={`/organisations/${organisation.slug}/export`}>{t("org.export")}</a> : null}
        </p>
      ) : null}
      {organisation.descriptionHtml ? <div className="prose" dangerouslySetInnerHTML={{ __html: organisation.descriptionHtml /* sanitised when saved */ }} /> : null}
      {groups.length ? (
        <section aria-labelledby="groups-heading">
          <h2 id="groups-heading">{t("org.groupsHeading")}</h2>
          <ul className="inline-list">
            {groups.map((g) => (
              <li key={g.id}>
                <Link to={`/groups/${g.slug}`}>{g.name}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>{t("org.practicesHeading")}</h2>
      {practices.length === 0 ? <p className="muted">{t("org.noPractices")}</p> : <PracticeList items={practices} />}
      {defaultAudience ? <DefaultAudienceForm options={defaultAudience} /> : null}
      {withdrawn.length ? (
        <section aria-labelledby="withdrawn-heading">
          <h2 id="withdrawn-heading">{t("withdraw.listHeading")}</h2>
          <p className="muted">{t("withdraw.listIntro")}</p>
          <ul>
            {withdrawn.map((p) => (
              <li key={p.id}>
                <Link to={`/practices/${p.slug}`} lang={p.language}>
                  {p.title}
                </Link>{" "}
                <span className="muted">{t("withdraw.notice", { date: format.date(p.withdrawnAt ?? 0) })}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>{t("org.membersHeading", { count: members.length })}</h2>
      {members.length === 0 ? (
        <p className="muted">{t("org.noMembers")}</p>
      ) : (
        <ul>
          {members.map((m) => (
            <li key={m.id}>
              <Link to={`/members/${m.id}`}>{m.displayName}</Link> <span className="muted">({format.role(m.role)})</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
