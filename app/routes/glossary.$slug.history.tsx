import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireMember } from "../auth/guards.server";
import { can, notFound } from "../auth/permissions.server";
import { pageCount } from "../domain/paging";
import { termStatusLabel, type GlossaryTerm } from "../domain/glossary";
import { requestLocale } from "../i18n/locale.server";
import { pageTitle } from "../i18n/meta";
import { sectionHandle, withSection } from "../i18n/sections";
import { useT } from "../i18n/react";
import { getConcept, headFor, listConceptRevisions } from "../models/glossary.server";
import { DiffView } from "../ui/diff-view";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { useFormat } from "../ui/format";
import { Link } from "../ui/link";
import { Pagination } from "../ui/pagination";
import { diffGlossary, type GlossaryDiff } from "../utils/glossary-diff";
import { pageParam, parseSearchParams } from "../utils/query";

export const meta = pageTitle("glossary.history.title");
// The glossary's strings come with its pages (app/i18n/sections.ts).
export const handle = sectionHandle("glossary");
export const clientLoader = withSection("glossary");

const HISTORY_PAGE_SIZE = 20;

const Params = /* @__PURE__ */ (() => z.object({ slug: z.string().min(1).max(200) }))();
const Query = /* @__PURE__ */ (() => z.object({ page: pageParam }))();

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  const params = Params.safeParse(args.params);
  const concept = params.success ? await getConcept(args.context.db, { slug: params.data.slug }) : null;
  // A deleted concept is gone for members; its curators still see what it was.
  if (!concept || (concept.deletedAt !== null && !can(member, "editGlossary"))) notFound();
  const locale = await requestLocale(args);
  const revisions = await listConceptRevisions(args.context.db, { conceptId: concept.id });
  const pages = pageCount(revisions.length, HISTORY_PAGE_SIZE);
  const page = Math.min(parseSearchParams(Query, args.request).page, pages);
  const start = (page - 1) * HISTORY_PAGE_SIZE;
  // Newest first, so the revision before each is the next in the list.
  const shown = revisions.slice(start, start + HISTORY_PAGE_SIZE).map((r, i) => ({
    number: r.number,
    summary: r.summary,
    createdAt: r.createdAt,
    authorName: r.authorName,
    diff: diffGlossary(revisions[start + i + 1]?.content ?? null, r.content),
  }));
  return json({
    concept: { slug: concept.slug, head: headFor(concept.content, locale).head, deleted: concept.deletedAt !== null },
    revisions: shown,
    page,
    pageCount: pages,
  });
}

function TermLine({ term }: { term: GlossaryTerm }) {
  const t = useT();
  return (
    <>
      <span lang={term.language}>{term.text}</span> ({t(termStatusLabel(term.status))})
    </>
  );
}

function RevisionDiff({ diff }: { diff: GlossaryDiff }) {
  const t = useT();
  const format = useFormat();
  const none = !diff.theme && !diff.notes && diff.languages.length === 0;
  if (none) return <p className="muted">{t("glossary.history.noChange")}</p>;
  return (
    <div className="glossary-diff">
      {diff.theme ? (
        <p>
          {t("glossary.history.themeChanged", {
            before: diff.theme.before ? format.theme(diff.theme.before) : t("glossary.edit.noTheme"),
            after: diff.theme.after ? format.theme(diff.theme.after) : t("glossary.edit.noTheme"),
          })}
        </p>
      ) : null}
      {diff.languages.map((l) => (
        <div key={l.language} className="diff-section">
          <h4>{format.language(l.language)}</h4>
          <ul>
            {l.added.map((term) => (
              <li key={`a-${term.text}`}>
                {t("glossary.history.added")} <TermLine term={term} />
              </li>
            ))}
            {l.removed.map((term) => (
              <li key={`r-${term.text}`}>
                {t("glossary.history.removed")} <TermLine term={term} />
              </li>
            ))}
            {l.changed.map((c) => (
              <li key={`c-${c.text}`}>
                {c.status
                  ? t("glossary.history.statusChanged", { term: c.text, before: t(termStatusLabel(c.status.before)), after: t(termStatusLabel(c.status.after)) })
                  : t("glossary.history.detailsChanged", { term: c.text })}
              </li>
            ))}
          </ul>
          {l.definition ? (
            <>
              <p>{t("glossary.history.definition")}</p>
              <DiffView parts={l.definition} />
            </>
          ) : null}
        </div>
      ))}
      {diff.notes ? (
        <div className="diff-section">
          <h4>{t("glossary.edit.notes")}</h4>
          <DiffView parts={diff.notes} />
        </div>
      ) : null}
    </div>
  );
}

export default function ConceptHistoryPage() {
  const { concept, revisions, page, pageCount } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  return (
    <>
      <p>
        <Link to={`/glossary/${encodeURIComponent(concept.slug)}`}>{t("glossary.edit.backToConcept", { name: concept.head })}</Link>
      </p>
      <h1>{t("glossary.history.heading", { name: concept.head })}</h1>
      <p className="muted">{t("history.legend")}</p>
      {revisions.map((r) => (
        <section key={r.number} aria-labelledby={`revision-${r.number}`} className="glossary-revision">
          <h2 id={`revision-${r.number}`}>{t("glossary.history.revision", { number: r.number })}</h2>
          <p className="meta">{t("glossary.history.byline", { name: r.authorName ?? t("history.formerMember"), date: format.dateTime(r.createdAt) })}</p>
          {r.summary ? <p>{t("glossary.history.summary", { summary: r.summary })}</p> : null}
          <RevisionDiff diff={r.diff} />
        </section>
      ))}
      <Pagination page={page} pageCount={pageCount} />
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
