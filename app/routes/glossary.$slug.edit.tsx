import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireMember } from "../auth/guards.server";
import { notFound, requirePermission } from "../auth/permissions.server";
import { ConceptForm } from "../forms/glossary/form";
import { readConceptSubmission } from "../forms/glossary/read.server";
import { conceptValues, EMPTY_ROWS } from "../forms/glossary/schema";
import { requestLocale } from "../i18n/locale.server";
import { pageTitle } from "../i18n/meta";
import { sectionHandle, withSection } from "../i18n/sections";
import { useT } from "../i18n/react";
import { recordAudit } from "../models/audit.server";
import { decideProposal, getConcept, getProposal, headFor, reviseConcept, setConceptDeleted } from "../models/glossary.server";
import { listThemes } from "../models/practice.server";
import { inTransaction } from "../server/database.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import type { FormState } from "../ui/forms";
import { Link } from "../ui/link";
import { formValues } from "../utils/forms";
import { parseSearchParams } from "../utils/query";

export const meta = pageTitle("glossary.edit.editTitle");
// The glossary's strings come with its pages (app/i18n/sections.ts).
export const handle = sectionHandle("glossary");
export const clientLoader = withSection("glossary");

const Params = /* @__PURE__ */ (() => z.object({ slug: z.string().min(1).max(200) }))();
const Query = /* @__PURE__ */ (() =>
  z.object({
    proposal: z.coerce.number().int().positive().optional().catch(undefined),
    delete: z.literal("1").optional().catch(undefined),
  }))();
const Intent = /* @__PURE__ */ (() => z.enum(["save", "rows", "delete", "restore"]).catch("save"))();
const ProposalId = /* @__PURE__ */ (() => z.coerce.number().int().positive().optional().catch(undefined))();

async function requireEditableConcept(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "editGlossary");
  const params = Params.safeParse(args.params);
  const concept = params.success ? await getConcept(args.context.db, { slug: params.data.slug }) : null;
  if (!concept) notFound();
  return { member, concept };
}

/** The correction a curator is acting on (`?proposal=`): open, and about this concept. */
async function correctionFor(db: LoaderFunctionArgs["context"]["db"], id: number | undefined, conceptId: number) {
  if (!id) return null;
  const proposal = await getProposal(db, { id });
  return proposal && proposal.status === "open" && proposal.conceptId === conceptId ? proposal : null;
}

export async function loader(args: LoaderFunctionArgs) {
  const { concept } = await requireEditableConcept(args);
  const query = parseSearchParams(Query, args.request);
  const locale = await requestLocale(args);
  const proposal = await correctionFor(args.context.db, query.proposal, concept.id);
  return json({
    concept: { slug: concept.slug, head: headFor(concept.content, locale).head, currentRevision: concept.currentRevision, deleted: concept.deletedAt !== null },
    values: conceptValues(concept.content, { rows: concept.content.terms.length + EMPTY_ROWS }),
    themes: await listThemes(args.context.db),
    proposal: proposal ? { id: proposal.id, kind: proposal.kind, proposerName: proposal.proposerName, language: proposal.language, term: proposal.term, message: proposal.message } : null,
    confirmDelete: query.delete === "1",
  });
}

export async function action(args: ActionFunctionArgs) {
  const { member, concept } = await requireEditableConcept(args);
  const { db, clientIp } = args.context;
  const formData = await args.request.formData();
  const intent = Intent.parse(formData.get("intent") ?? "save");
  const path = `/glossary/${encodeURIComponent(concept.slug)}`;
  const audit = (trx: typeof db, action: "glossary.deleted" | "glossary.restored" | "glossary.revised", detail?: Record<string, unknown>) =>
    recordAudit(trx, { actorId: member.id, action, targetType: "glossary_concept", targetId: concept.slug, detail, ip: clientIp });

  if (intent === "delete" || intent === "restore") {
    const deleted = intent === "delete";
    if (deleted !== (concept.deletedAt !== null)) {
      await inTransaction(db, async (trx) => {
        await setConceptDeleted(trx, { conceptId: concept.id, deleted });
        await audit(trx, deleted ? "glossary.deleted" : "glossary.restored");
      });
    }
    return redirect(deleted ? "/glossary?done=deleted" : `${path}?done=restored`);
  }

  const read = await readConceptSubmission(formData, db);
  if (!read.ok) return read.response;
  const { content, summary, basedOn } = read.data;
  const proposalId = ProposalId.parse(formData.get("proposal") ?? undefined);
  const result = await inTransaction(db, async (trx) => {
    const revised = await reviseConcept(trx, { conceptId: concept.id, content, summary, basedOn, authorId: member.id });
    if (revised.kind !== "revised") return revised;
    await audit(trx, "glossary.revised", { revision: revised.number, summary });
    // Saving from a correction accepts it, with the revision that answers it.
    const proposal = await correctionFor(trx, proposalId, concept.id);
    if (proposal && (await decideProposal(trx, { id: proposal.id, status: "accepted", deciderId: member.id }))) {
      await recordAudit(trx, {
        actorId: member.id,
        action: "glossary.proposal_accepted",
        targetType: "glossary_concept",
        targetId: concept.slug,
        detail: { proposal: proposal.id, revision: revised.number },
        ip: clientIp,
      });
    }
    return revised;
  });
  if (result.kind === "conflict") {
    return json({ values: formValues(formData, { omit: ["intent"] }), conflict: result.current }, { status: 409 });
  }
  return redirect(`${path}?done=${result.kind === "revised" ? "saved" : "unchanged"}`);
}

export default function EditConceptPage() {
  const { concept, values, themes, proposal, confirmDelete } = useLoaderData<typeof loader>();
  const state = (useActionData() as (FormState & { conflict?: number }) | undefined) ?? {};
  const t = useT();
  const path = `/glossary/${encodeURIComponent(concept.slug)}`;
  return (
    <div className="narrow">
      <p>
        <Link to={path}>{t("glossary.edit.backToConcept", { name: concept.head })}</Link>
      </p>
      <h1>{t("glossary.edit.heading", { name: concept.head })}</h1>
      {concept.deleted ? (
        <section className="notice" aria-labelledby="deleted-heading">
          <h2 id="deleted-heading">{t("glossary.edit.deletedHeading")}</h2>
          <p>{t("glossary.edit.deletedText")}</p>
          <Form method="post">
            <button type="submit" name="intent" value="restore">
              {t("glossary.edit.restore")}
            </button>
          </Form>
        </section>
      ) : null}
      {state.conflict ? (
        <p className="notice" role="alert">
          {t("glossary.edit.conflict", { revision: state.conflict })} <Link to={`${path}/history`}>{t("glossary.edit.seeHistory")}</Link>
        </p>
      ) : null}
      {proposal ? (
        <section className="notice" aria-labelledby="proposal-heading">
          <h2 id="proposal-heading">{t("glossary.edit.proposalHeading", { id: proposal.id, name: proposal.proposerName ?? t("history.formerMember") })}</h2>
          <p className="proposal-message">{proposal.message}</p>
          <p className="hint">{t("glossary.edit.proposalHint")}</p>
        </section>
      ) : null}
      {/* After a conflict the page starts from the revision it was told about: saving again replaces it knowingly. */}
      <ConceptForm
        values={state.values ?? values}
        errors={state.errors}
        themes={themes}
        basedOn={state.conflict ?? concept.currentRevision}
        proposalId={proposal?.id}
        submitLabel={t("glossary.edit.save")}
      />
      {!concept.deleted ? (
        <section aria-labelledby="delete-heading" className="danger-zone">
          <h2 id="delete-heading">{t("glossary.edit.deleteHeading")}</h2>
          {confirmDelete ? (
            <Form method="post">
              <p>{t("glossary.edit.deleteConfirm")}</p>
              <div className="button-row">
                <button type="submit" name="intent" value="delete" className="button-danger">
                  {t("glossary.edit.deleteYes")}
                </button>
                <Link to={`${path}/edit`}>{t("glossary.edit.deleteNo")}</Link>
              </div>
            </Form>
          ) : (
            <p>
              <Link to={`${path}/edit?delete=1#delete-heading`}>{t("glossary.edit.delete")}</Link>
            </p>
          )}
        </section>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
