import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireMember } from "../auth/guards.server";
import { can, notFound, requirePermission } from "../auth/permissions.server";
import { PROPOSAL_STATUSES, termStatusLabel, termsIn, type GlossaryContent, type GlossaryTerm } from "../domain/glossary";
import { ProposalSchema } from "../forms/glossary/schema";
import { translatorFor } from "../i18n";
import { requestLocale } from "../i18n/locale.server";
import { pageTitle } from "../i18n/meta";
import { sectionHandle, withSection } from "../i18n/sections";
import { useT } from "../i18n/react";
import { recordAudit } from "../models/audit.server";
import {
  createConcept,
  createProposal,
  decideProposal,
  recordProposalConcept,
  getConcept,
  getConceptById,
  getProposal,
  listProposals,
  proposedTerm,
  reviseConcept,
  type ProposalRow,
} from "../models/glossary.server";
import { inTransaction } from "../server/database.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { useFormat } from "../ui/format";
import { Field, type FormState } from "../ui/forms";
import { GlossaryDoneNotice, ProposalForm } from "../ui/glossary-proposal-form";
import { Link } from "../ui/link";
import { Pagination } from "../ui/pagination";
import { parseForm } from "../utils/forms";
import { pageParam, parseSearchParams } from "../utils/query";

export const meta = pageTitle("glossary.proposal.title");
// The glossary's strings come with its pages (app/i18n/sections.ts).
export const handle = sectionHandle("glossary");
export const clientLoader = withSection("glossary");

const Query = /* @__PURE__ */ (() => z.object({ status: z.enum(PROPOSAL_STATUSES).catch("open"), page: pageParam }))();

const Decision = /* @__PURE__ */ (() =>
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("accept"), id: z.coerce.number().int().positive() }),
    z.object({ intent: z.literal("decline"), id: z.coerce.number().int().positive(), note: z.string().trim().max(1000, "validation.tooLong").default("") }),
  ]))();

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  const locale = await requestLocale(args);
  // Members see the proposal form here (where a proposal that needs fixing comes back); curators the queue.
  if (!can(member, "editGlossary")) return json({ reviewer: false as const, locale, status: "open" as const, proposals: null });
  const query = parseSearchParams(Query, args.request);
  return json({ reviewer: true as const, locale, status: query.status, proposals: await listProposals(args.context.db, { status: query.status, page: query.page }) });
}

export async function action(args: ActionFunctionArgs) {
  const member = await requireMember(args);
  const { db, clientIp } = args.context;
  const formData = await args.request.formData();

  if (formData.get("intent") === "propose") {
    const parsed = parseForm(ProposalSchema, formData);
    if (!parsed.ok) return json({ propose: true, errors: parsed.errors, values: parsed.values }, { status: 400 });
    const { conceptSlug, ...proposal } = parsed.data;
    const concept = conceptSlug ? await getConcept(db, { slug: conceptSlug }) : null;
    if (conceptSlug && (!concept || concept.deletedAt !== null)) {
      return json({ propose: true, formError: { key: "glossary.proposal.error.concept" }, values: parsed.data }, { status: 400 });
    }
    await inTransaction(db, (trx) => createProposal(trx, { proposal: { ...proposal, conceptId: concept?.id ?? null }, proposerId: member.id }));
    return redirect(concept ? `/glossary/${encodeURIComponent(concept.slug)}?done=proposed` : "/glossary?done=proposed");
  }

  requirePermission(member, "editGlossary");
  const decision = Decision.safeParse(Object.fromEntries(formData));
  if (!decision.success) return json({ formError: { key: "glossary.proposal.error.decision" } }, { status: 400 });
  const proposal = await getProposal(db, { id: decision.data.id });
  if (!proposal) notFound();
  const queue = (done: string) => redirect(`/glossary/proposals?done=${done}`);
  if (proposal.status !== "open") return queue("decided");
  const audit = (trx: typeof db, action: "glossary.proposal_accepted" | "glossary.proposal_declined" | "glossary.revised" | "glossary.created", slug: string, detail: Record<string, unknown>) =>
    recordAudit(trx, { actorId: member.id, action, targetType: "glossary_concept", targetId: slug, detail, ip: clientIp });

  if (decision.data.intent === "decline") {
    const { note } = decision.data;
    const declined = await inTransaction(db, async (trx) => {
      if (!(await decideProposal(trx, { id: proposal.id, status: "declined", deciderId: member.id, note }))) return false;
      await audit(trx, "glossary.proposal_declined", proposal.conceptSlug ?? "", { proposal: proposal.id, note });
      return true;
    });
    return queue(declined ? "declined" : "decided");
  }

  // A correction is made by hand: the editor shows it, and saving there accepts it.
  if (proposal.kind === "correction") {
    if (!proposal.conceptSlug) notFound();
    return redirect(`/glossary/${encodeURIComponent(proposal.conceptSlug)}/edit?proposal=${proposal.id}`);
  }
  const t = translatorFor(await requestLocale(args));
  const summary = t("glossary.proposal.summary", { id: proposal.id, name: proposal.proposerName ?? t("history.formerMember") });
  const accepted = await inTransaction(db, async (trx) => {
    if (!(await decideProposal(trx, { id: proposal.id, status: "accepted", deciderId: member.id }))) return false;
    const concept = proposal.conceptId ? await getConceptById(trx, { id: proposal.conceptId }) : null;
    if (!concept) {
      const content: GlossaryContent = { theme: null, definitions: {}, notes: "", terms: [proposedTerm(proposal)] };
      const created = await createConcept(trx, { content, summary, authorId: member.id });
      await recordProposalConcept(trx, { id: proposal.id, conceptId: created.id });
      await audit(trx, "glossary.created", created.slug, { revision: 1, summary });
      await audit(trx, "glossary.proposal_accepted", created.slug, { proposal: proposal.id, revision: 1 });
      return true;
    }
    const content = { ...concept.content, terms: [...concept.content.terms, joining(concept.content, proposedTerm(proposal))] };
    const revised = await reviseConcept(trx, { conceptId: concept.id, content, summary, authorId: member.id });
    if (revised.kind === "revised") await audit(trx, "glossary.revised", concept.slug, { revision: revised.number, summary });
    await audit(trx, "glossary.proposal_accepted", concept.slug, { proposal: proposal.id, revision: revised.kind === "revised" ? revised.number : concept.currentRevision });
    return true;
  });
  return queue(accepted ? "accepted" : "decided");
}

/**
 * A proposed term as it joins the concept: a language keeps its one preferred term (a second
 * joins as admitted, for the curator to swap in the editor), and a term to avoid points at it.
 */
function joining(content: GlossaryContent, term: GlossaryTerm): GlossaryTerm {
  const preferred = termsIn(content, term.language).find((t) => t.status === "preferred");
  if (term.status === "preferred" && preferred) return { ...term, status: "admitted" };
  if (term.status === "avoid") return { ...term, alternative: preferred?.text ?? "" };
  return term;
}

function ProposalItem({ p }: { p: ProposalRow }) {
  const t = useT();
  const format = useFormat();
  return (
    <li className="card">
      <h2>
        {t("glossary.proposal.itemHeading", { id: p.id, name: p.proposerName ?? t("history.formerMember") })}
        {" · "}
        {p.conceptSlug ? <Link to={`/glossary/${encodeURIComponent(p.conceptSlug)}`}>{p.conceptSlug}</Link> : t("glossary.proposal.newConcept")}
      </h2>
      <dl className="facts">
        <dt>{t("glossary.proposal.kind")}</dt>
        <dd>{t(p.kind === "term" ? "glossary.proposal.kindTerm" : "glossary.proposal.kindCorrection")}</dd>
        <dt>{t("glossary.proposal.language")}</dt>
        <dd>{format.language(p.language)}</dd>
        {p.term ? (
          <>
            <dt>{t("glossary.proposal.term")}</dt>
            <dd lang={p.language}>
              {p.term} ({t(termStatusLabel(p.statusProposed))})
            </dd>
          </>
        ) : null}
        <dt>{t("glossary.proposal.message")}</dt>
        <dd className="proposal-message">{p.message || "—"}</dd>
        <dt>{t("glossary.proposal.sent")}</dt>
        <dd>{format.dateTime(p.createdAt)}</dd>
        {p.status !== "open" ? (
          <>
            <dt>{t("glossary.proposal.decided")}</dt>
            <dd>
              {t("glossary.proposal.decidedBy", { name: p.deciderName ?? t("history.formerMember"), date: format.dateTime(p.decidedAt ?? 0) })}
              {p.decisionNote ? ` — ${p.decisionNote}` : null}
            </dd>
          </>
        ) : null}
      </dl>
      {p.status === "open" ? (
        <div className="button-row">
          <Form method="post">
            <input type="hidden" name="id" value={p.id} />
            <button type="submit" name="intent" value="accept">
              {t("glossary.proposal.accept")}
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="id" value={p.id} />
            <Field label={t("glossary.proposal.declineNote")} name="note" maxLength={1000} />
            <button type="submit" name="intent" value="decline" className="button-danger">
              {t("glossary.proposal.decline")}
            </button>
          </Form>
        </div>
      ) : null}
    </li>
  );
}

const TABS = { open: "glossary.proposal.tabOpen", accepted: "glossary.proposal.tabAccepted", declined: "glossary.proposal.tabDeclined" } as const;

export default function ProposalsPage() {
  const { reviewer, locale, status, proposals } = useLoaderData<typeof loader>();
  const state = (useActionData() as (FormState & { propose?: boolean }) | undefined) ?? {};
  const t = useT();
  if (state.propose || !reviewer) {
    const conceptSlug = typeof state.values?.conceptSlug === "string" ? state.values.conceptSlug : "";
    return (
      <div className="narrow">
        <p>{conceptSlug ? <Link to={`/glossary/${encodeURIComponent(conceptSlug)}`}>{t("glossary.proposal.backToConcept")}</Link> : <Link to="/glossary">{t("glossary.edit.backToGlossary")}</Link>}</p>
        <h1>{t("glossary.proposal.formHeading")}</h1>
        <p>{t("glossary.proposal.intro")}</p>
        <ProposalForm conceptSlug={conceptSlug} language={locale} state={state} />
      </div>
    );
  }
  return (
    <>
      <h1>{t("glossary.proposal.title")}</h1>
      <GlossaryDoneNotice />
      {state.formError ? (
        <p className="notice" role="alert">
          {t(state.formError.key)}
        </p>
      ) : null}
      <nav aria-label={t("glossary.proposal.tabs")}>
        <ul className="inline-list">
          {(Object.keys(TABS) as (keyof typeof TABS)[]).map((s) => (
            <li key={s}>
              <Link to={`/glossary/proposals?status=${s}`} aria-current={s === status ? "page" : undefined}>
                {t(TABS[s])}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {proposals && proposals.items.length > 0 ? (
        <ul className="card-list">
          {proposals.items.map((p) => (
            <ProposalItem key={p.id} p={p} />
          ))}
        </ul>
      ) : (
        <p>{t("glossary.proposal.none")}</p>
      )}
      {proposals ? <Pagination page={proposals.page} pageCount={proposals.pageCount} /> : null}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
