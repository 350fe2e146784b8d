import { json, type LoaderFunctionArgs, type SerializeFrom } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireMember } from "../auth/guards.server";
import { can, notFound } from "../auth/permissions.server";
import { GLOSSARY_LANGUAGES, termsIn } from "../domain/glossary";
import { requestLocale } from "../i18n/locale.server";
import { dataTitle } from "../i18n/meta";
import { sectionHandle, withSection } from "../i18n/sections";
import { useI18n } from "../i18n/react";
import { getConcept, headFor, openProposalsBy } from "../models/glossary.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { useFormat } from "../ui/format";
import { TermList, TermStatusBadge } from "../ui/glossary";
import { GlossaryDoneNotice, ProposalForm } from "../ui/glossary-proposal-form";
import { Link } from "../ui/link";

export const meta = dataTitle<SerializeFrom<typeof loader>>((data) => data.concept.head, "glossary.title");
// The glossary's strings come with its pages (app/i18n/sections.ts).
export const handle = sectionHandle("glossary");
export const clientLoader = withSection("glossary");

const Params = /* @__PURE__ */ (() => z.object({ slug: z.string().min(1).max(200) }))();

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  const params = Params.safeParse(args.params);
  const db = args.context.db;
  const concept = params.success ? await getConcept(db, { slug: params.data.slug }) : null;
  const editor = can(member, "editGlossary");
  // A deleted concept is gone for members; its curators still see it, to restore it.
  if (!concept || (concept.deletedAt !== null && !editor)) notFound();
  const locale = await requestLocale(args);
  const { head, language: headLanguage } = headFor(concept.content, locale);
  // The reader's language first, then the others in the forum's order.
  const languages = [locale, ...GLOSSARY_LANGUAGES.filter((l) => l !== locale)].map((language) => ({
    language,
    terms: termsIn(concept.content, language),
    definition: concept.content.definitions[language] ?? "",
  }));
  const mine = await openProposalsBy(db, { proposerId: member.id, conceptId: concept.id });
  return json({
    concept: {
      slug: concept.slug,
      head,
      headLanguage,
      theme: concept.content.theme,
      notes: concept.content.notes,
      revision: concept.currentRevision,
      updatedAt: concept.updatedAt,
      deleted: concept.deletedAt !== null,
    },
    languages,
    editor,
    // Only the member's own, and only what they wrote.
    proposals: mine.map((p) => ({ id: p.id, kind: p.kind, language: p.language, term: p.term, statusProposed: p.statusProposed, message: p.message })),
  });
}

export default function ConceptPage() {
  const { concept, languages, editor, proposals } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const format = useFormat();
  const path = `/glossary/${encodeURIComponent(concept.slug)}`;
  return (
    <>
      <p>
        <Link to="/glossary">{t("glossary.allConcepts")}</Link>
      </p>
      <h1 lang={concept.headLanguage}>{concept.head}</h1>
      <GlossaryDoneNotice />
      {concept.deleted ? (
        <p className="notice" role="status">
          {t("glossary.deleted")}
        </p>
      ) : null}
      <p className="muted">
        {concept.theme ? `${t("glossary.themeLine", { theme: format.theme(concept.theme) })} · ` : null}
        {t("glossary.revisionLine", { number: concept.revision, date: format.date(concept.updatedAt) })}
      </p>
      <p className="button-row">
        <Link to={`${path}/history`}>{t("glossary.historyLink")}</Link>
        {editor ? <Link to={`${path}/edit`}>{t("glossary.editLink")}</Link> : null}
      </p>
      <div className="table-wrap">
        <table className="glossary-languages">
          <caption className="sr-only">{t("glossary.languages")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("glossary.language")}</th>
              <th scope="col">{t("glossary.terms")}</th>
              <th scope="col">{t("glossary.definition")}</th>
            </tr>
          </thead>
          <tbody>
            {languages.map((row) => (
              <tr key={row.language}>
                <th scope="row">{format.language(row.language)}</th>
                <td>
                  <TermList terms={row.terms} />
                </td>
                <td>{row.definition ? <span lang={row.language}>{row.definition}</span> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {concept.notes ? (
        <section aria-labelledby="concept-notes">
          <h2 id="concept-notes">{t("glossary.notes")}</h2>
          <p className="glossary-notes">{concept.notes}</p>
        </section>
      ) : null}
      {proposals.length ? (
        <section aria-labelledby="my-proposals">
          <h2 id="my-proposals">{t("glossary.yourProposals")}</h2>
          <ul>
            {proposals.map((p) => (
              <li key={p.id}>
                {p.kind === "term" ? (
                  <>
                    <span lang={p.language}>{p.term}</span> ({format.language(p.language)}) <TermStatusBadge status={p.statusProposed} />
                  </>
                ) : (
                  t("glossary.yourProposalCorrection", { message: p.message })
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {!concept.deleted ? (
        <section aria-labelledby="propose">
          <h2 id="propose">{t("glossary.proposal.formHeading")}</h2>
          <ProposalForm conceptSlug={concept.slug} language={locale} />
        </section>
      ) : null}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
