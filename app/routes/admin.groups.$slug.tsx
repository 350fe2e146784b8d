import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Link } from "../ui/link";
import { requireGroup } from "../auth/group-access.server";
import { dataTitle } from "../i18n/meta";
import type { MessageKey } from "../i18n";
import { useT } from "../i18n/react";
import type { AuditAction } from "../domain/audit";
import { recordAudit } from "../models/audit.server";
import { addGroupMember, isOrganisationInGroup, listGroupMembers, listOrganisationsOutsideGroup, removeGroup, removeGroupMember, restoreGroup, updateGroup } from "../models/organisation-group.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { ErrorSummary, SelectField, useFormState, valueOf, type FormState } from "../ui/forms";
import { CountryName, useFormat } from "../ui/format";
import { GroupForm } from "../forms/group/form";
import { GroupSchema } from "../forms/group/schema";
import type { Db } from "../../db/client";
import { formValues, parseForm } from "../utils/forms";
import { inTransaction } from "../server/database.server";
import { sectionHandle, withSection } from "../i18n/sections";

export const meta = dataTitle((data: { group: { name: string } }) => data.group.name, "groups.title");
// This page's strings are a catalogue section (app/i18n/sections.ts).
export const handle = sectionHandle("manage");
export const clientLoader = withSection("manage");

const organisationId = /* @__PURE__ */ (() => z.coerce.number({ error: "groups.chooseOrganisation" }).int("groups.chooseOrganisation").positive("groups.chooseOrganisation"))();
const GroupIntent = /* @__PURE__ */ (() =>
  z.discriminatedUnion("intent", [
    GroupSchema.extend({ intent: z.literal("update") }),
    z.object({ intent: z.literal("addMember"), organisationId }),
    z.object({ intent: z.literal("removeMember"), organisationId }),
    z.object({ intent: z.literal("remove"), confirm: z.literal("yes", { error: "groups.confirmRequired" }) }),
    z.object({ intent: z.literal("restore") }),
  ]))();
const ConfirmRemoval = /* @__PURE__ */ (() => z.coerce.number().int().positive().optional().catch(undefined))();

const DONE = ["created", "updated", "added", "removedMember", "removed", "restored"] as const;
type Done = (typeof DONE)[number];
const DONE_MESSAGES = {
  created: "groups.done.created",
  updated: "groups.done.updated",
  added: "groups.done.added",
  removedMember: "groups.done.removedMember",
  removed: "groups.done.removed",
  restored: "groups.done.restored",
} as const satisfies Record<Done, MessageKey>;

export async function loader(args: LoaderFunctionArgs) {
  const { group } = await requireGroup(args, "administer");
  const db = args.context.db;
  const [members, outside] = await Promise.all([listGroupMembers(db, { groupId: group.id }), listOrganisationsOutsideGroup(db, { groupId: group.id })]);
  // ?remove=<organisation> asks before removing it: a plain link, so it works without JavaScript.
  const removing = ConfirmRemoval.parse(new URL(args.request.url).searchParams.get("remove") ?? undefined);
  const confirming = members.find((m) => m.id === removing);
  return json({
    group: { id: group.id, slug: group.slug, name: group.name, description: group.description, deletedAt: group.deletedAt },
    members: members.map(({ id, slug, name, country }) => ({ id, slug, name, country })),
    outside,
    confirmRemoval: confirming ? { id: confirming.id, name: confirming.name } : null,
  });
}

export async function action(args: ActionFunctionArgs) {
  const { member, group } = await requireGroup(args, "administer");
  const { request, context } = args;
  const formData = await request.formData();
  const parsed = parseForm(GroupIntent, formData);
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const input = parsed.data;
  const values = formValues(formData);
  const audit = (on: Db, action: AuditAction, detail: Record<string, unknown>) =>
    recordAudit(on, { actorId: member.id, action, targetType: "group", targetId: group.id, detail, ip: context.clientIp });
  const done = (what: Done) => redirect(`/admin/groups/${encodeURIComponent(group.slug)}?done=${what}`);

  if (input.intent === "restore") {
    if (group.deletedAt !== null) {
      await inTransaction(context.db, async (trx) => {
        await restoreGroup(trx, { id: group.id });
        await audit(trx, "group.restored", { name: group.name });
      });
    }
    return done("restored");
  }
  // A removed group is kept as it was, so that restoring it gives everyone back what they had.
  if (group.deletedAt !== null) return json({ formError: { key: "groups.removedNoChange" }, values }, { status: 409 });

  if (input.intent === "update") {
    await inTransaction(context.db, async (trx) => {
      await updateGroup(trx, { id: group.id, name: input.name, description: input.description });
      await audit(trx, "group.updated", { from: { name: group.name }, to: { name: input.name }, descriptionChanged: input.description !== group.description });
    });
    return done("updated");
  }
  if (input.intent === "addMember") {
    const choices = await listOrganisationsOutsideGroup(context.db, { groupId: group.id });
    const organisation = choices.find((o) => o.id === input.organisationId);
    if (!organisation) {
      const already = await isOrganisationInGroup(context.db, { groupId: group.id, organisationId: input.organisationId });
      return json({ errors: { organisationId: { key: already ? "groups.alreadyMember" : "groups.chooseOrganisation" } }, values }, { status: 400 });
    }
    await inTransaction(context.db, async (trx) => {
      if (await addGroupMember(trx, { groupId: group.id, organisationId: organisation.id })) {
        await audit(trx, "group.member_added", { organisationId: organisation.id, organisation: organisation.name });
      }
    });
    return done("added");
  }
  if (input.intent === "removeMember") {
    const organisation = (await listGroupMembers(context.db, { groupId: group.id })).find((o) => o.id === input.organisationId);
    if (!organisation) return json({ formError: { key: "groups.notAMember" }, values }, { status: 400 });
    await inTransaction(context.db, async (trx) => {
      if (await removeGroupMember(trx, { groupId: group.id, organisationId: organisation.id })) {
        await audit(trx, "group.member_removed", { organisationId: organisation.id, organisation: organisation.name });
      }
    });
    return done("removedMember");
  }
  await inTransaction(context.db, async (trx) => {
    await removeGroup(trx, { id: group.id });
    await audit(trx, "group.removed", { name: group.name });
  });
  return done("removed");
}

/** The failed submit of one of the page's forms, so each form gets back only what was typed in it. */
function stateFor(state: FormState, intent: string): FormState {
  return valueOf(state, "intent") === intent ? state : {};
}

export default function AdminGroupPage() {
  const { group, members, outside, confirmRemoval } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  const state = useFormState();
  const busy = useNavigation().state === "submitting";
  const doneParam = useSearchParams()[0].get("done");
  const done = DONE.find((d) => d === doneParam);
  const removed = group.deletedAt !== null;
  const addState = stateFor(state, "addMember");
  const removeState = stateFor(state, "remove");
  return (
    <>
      <p>
        <Link to="/admin/groups">{t("groups.back")}</Link>
      </p>
      <h1>{group.name}</h1>
      {done && !state.errors && !state.formError ? (
        <p className="notice" role="status">
          {t(DONE_MESSAGES[done])}
        </p>
      ) : null}
      {state.formError ? <ErrorSummary state={state} /> : null}
      {removed ? (
        <section aria-labelledby="restore-heading" className="notice">
          <h2 id="restore-heading">{t("groups.removedHeading")}</h2>
          <p>{t("groups.removedNotice", { date: format.date(group.deletedAt!) })}</p>
          <Form method="post">
            <button type="submit" name="intent" value="restore" disabled={busy}>
              {t("groups.restore")}
            </button>
          </Form>
        </section>
      ) : (
        <p>
          <Link to={`/groups/${group.slug}`}>{t("groups.viewPage")}</Link>
        </p>
      )}

      <section aria-labelledby="members-heading">
        <h2 id="members-heading">{t("groups.membersHeading")}</h2>
        {confirmRemoval && !removed ? (
          <div className="notice" role="alert">
            <p>{t("groups.removeMemberConfirm", { name: confirmRemoval.name, group: group.name })}</p>
            <Form method="post" className="button-row">
              <input type="hidden" name="intent" value="removeMember" />
              <input type="hidden" name="organisationId" value={confirmRemoval.id} />
              <button type="submit" className="button-danger" disabled={busy}>
                {t("groups.removeMemberYes")}
              </button>
              <Link to={`/admin/groups/${group.slug}`}>{t("groups.cancel")}</Link>
            </Form>
          </div>
        ) : null}
        {members.length === 0 ? (
          <p className="muted">{t("groups.noMembers")}</p>
        ) : (
          <ul>
            {members.map((m) => (
              <li key={m.id}>
                <Link to={`/organisations/${m.slug}`}>{m.name}</Link>{" "}
                <span className="muted">
                  (<CountryName code={m.country} />)
                </span>
                {removed ? null : (
                  <>
                    {" "}
                    <Link to={`/admin/groups/${group.slug}?remove=${m.id}`} className="button-secondary">
                      {t("groups.removeMember", { name: m.name })}
                    </Link>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
        {removed ? null : outside.length === 0 ? (
          <p className="muted">{t("groups.allIn")}</p>
        ) : (
          <Form method="post" noValidate className="inline-form">
            <input type="hidden" name="intent" value="addMember" />
            <SelectField
              label={t("groups.addOrganisation")}
              name="organisationId"
              required
              placeholder={t("groups.chooseOrganisationOption")}
              options={outside.map((o) => ({ value: String(o.id), label: o.name }))}
              defaultValue={valueOf(addState, "organisationId") ?? ""}
              error={addState.errors?.organisationId}
            />
            <button type="submit" disabled={busy}>
              {t("groups.add")}
            </button>
          </Form>
        )}
      </section>

      {removed ? null : (
        <>
          <section aria-labelledby="edit-heading" className="narrow">
            <h2 id="edit-heading">{t("groups.editHeading")}</h2>
            <GroupForm state={stateFor(state, "update")} defaults={group} intent="update" submitLabel={t("groups.save")} />
          </section>
          <section aria-labelledby="remove-heading">
            <h2 id="remove-heading">{t("groups.removeHeading")}</h2>
            <p>{t("groups.removeExplain")}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="remove" />
              <div className="field">
                <label>
                  <input
                    type="checkbox"
                    name="confirm"
                    value="yes"
                    aria-invalid={removeState.errors?.confirm ? true : undefined}
                    aria-describedby={removeState.errors?.confirm ? "confirm-error" : undefined}
                  />{" "}
                  {t("groups.removeConfirm")}
                </label>
                {removeState.errors?.confirm ? (
                  <p id="confirm-error" className="field-error">
                    {t(removeState.errors.confirm.key)}
                  </p>
                ) : null}
              </div>
              <button type="submit" className="button-danger" disabled={busy}>
                {t("groups.remove")}
              </button>
            </Form>
          </section>
        </>
      )}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
