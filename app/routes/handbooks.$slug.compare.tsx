import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireHandbook } from "../auth/handbook-access.server";
import { notFound } from "../auth/permissions.server";
import { handbookStatusLabel } from "../domain/handbook";
import { writeUpFieldLabel } from "../domain/practice";
import { dataTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { compareEditions, listComparableEditions, type ComparedEntrySide, type EntryChange } from "../models/handbook-compare.server";
import { DiffView } from "../ui/diff-view";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { useFormat } from "../ui/format";
import { SelectField } from "../ui/forms";
import { Link } from "../ui/link";

export const meta = dataTitle((data: { handbook: { title: string } }) => data.handbook.title, "handbook.curate");

const Query = /* @__PURE__ */ (() => z.object({ with: z.string().trim().max(200).optional() }))();

export async function loader(args: LoaderFunctionArgs) {
  const { handbook } = await requireHandbook(args, "curate");
  const query = Query.safeParse(Object.fromEntries(new URL(args.request.url).searchParams));
  if (!query.success) notFound();
  const db = args.context.db;
  const editions = await listComparableEditions(db, { handbook });
  const wanted = query.data.with || undefined;
  // By default the edition this one was started from; for a first edition, the nearest one.
  const other =
    wanted !== undefined
      ? editions.find((e) => e.slug === wanted)
      : (editions.find((e) => e.id === handbook.previous_edition_id) ?? [...editions].sort((a, b) => Math.abs(a.edition - handbook.edition) - Math.abs(b.edition - handbook.edition))[0]);
  if (wanted !== undefined && !other) notFound();
  const pair = other ? (other.edition < handbook.edition || (other.edition === handbook.edition && other.id < handbook.id) ? { from: other, to: handbook } : { from: handbook, to: other }) : null;
  const comparison = pair ? await compareEditions(db, { fromId: pair.from.id, toId: pair.to.id }) : null;
  return json({
    handbook: { slug: handbook.slug, title: handbook.title, edition: handbook.edition },
    editions: editions.map((e) => ({ slug: e.slug, title: e.title, edition: e.edition, status: e.status })),
    other: other?.slug ?? null,
    from: pair?.from.edition ?? null,
    to: pair?.to.edition ?? null,
    comparison,
  });
}

function EntryTitle({ side }: { side: ComparedEntrySide }) {
  const t = useT();
  const format = useFormat();
  return (
    <>
      {side.practiceSlug ? (
        <Link to={`/practices/${side.practiceSlug}`} lang={side.language}>
          <strong>{side.title || t("handbook.entryWithdrawnTitle")}</strong>
        </Link>
      ) : (
        <strong>{t("handbook.entryWithdrawnTitle")}</strong>
      )}{" "}
      <span className="muted">
        {side.organisationName} · {format.language(side.language)} · {t("handbook.pinnedTo", { number: side.revisionNumber })}
      </span>
    </>
  );
}

function EntryChanges({ changes }: { changes: EntryChange[] }) {
  return changes.length ? (
    <ul>
      {changes.map((change) => (
        <EntryChangeItem key={`${change.before?.entryId}-${change.after?.entryId}`} change={change} />
      ))}
    </ul>
  ) : null;
}

function EntryChangeItem({ change }: { change: EntryChange }) {
  const t = useT();
  const format = useFormat();
  const { before, after } = change;
  if (change.change !== "changed" || !before || !after) {
    const side = (after ?? before)!;
    return (
      <li className="curate-entry">
        <p>
          <strong>{t(change.change === "added" ? "handbook.compareAdded" : "handbook.compareRemoved")}</strong> <EntryTitle side={side} />
        </p>
      </li>
    );
  }
  return (
    <li className="curate-entry">
      <p>
        <EntryTitle side={after} />
      </p>
      {change.movedFrom !== null ? <p>{t("handbook.compareMoved", { chapter: change.movedFrom })}</p> : null}
      {change.repinned ? (
        <p>
          {before.practiceId === after.practiceId
            ? t("handbook.compareRepinned", { from: before.revisionNumber, to: after.revisionNumber })
            : t("handbook.compareTranslation", {
                language: format.language(after.language),
                to: after.revisionNumber,
                previousLanguage: format.language(before.language),
                from: before.revisionNumber,
              })}
        </p>
      ) : null}
      {change.repinned && change.fields === null ? (
        <p className="notice" role="note">
          {t("handbook.compareTextWithheld")}
        </p>
      ) : null}
      {change.fields?.length === 0 ? <p className="muted">{t("handbook.compareSameText")}</p> : null}
      {change.fields?.map((f) => (
        <div key={f.field} className="diff-section">
          <h4>{t(writeUpFieldLabel(f.field))}</h4>
          <DiffView parts={f.parts} />
        </div>
      ))}
      {change.note ? (
        <div className="diff-section">
          <h4>{t("handbook.compareNoteChanged")}</h4>
          {change.note.parts ? <DiffView parts={change.note.parts} /> : null}
        </div>
      ) : null}
    </li>
  );
}

export default function CompareEditionsPage() {
  const { handbook, editions, other, from, to, comparison } = useLoaderData<typeof loader>();
  const t = useT();
  const shown = comparison?.chapters.filter((c) => c.added || c.previousTitle !== null || c.entries.length > 0) ?? [];
  return (
    <>
      <p>
        <Link to={`/handbooks/${handbook.slug}/curate`}>{t("handbook.curate")}</Link> · <Link to={`/handbooks/${handbook.slug}`}>{t("handbook.read")}</Link>
      </p>
      <h1>{t("handbook.compareTitle", { title: handbook.title, edition: handbook.edition })}</h1>
      {editions.length === 0 || !comparison ? (
        <p className="muted">{t("handbook.compareNoOther")}</p>
      ) : (
        <>
          <Form method="get" className="filters">
            <SelectField
              label={t("handbook.compareWith")}
              name="with"
              defaultValue={other ?? undefined}
              options={editions.map((e) => ({ value: e.slug, label: `${t("handbook.titleEdition", { title: e.title, edition: e.edition })} · ${t(handbookStatusLabel(e.status))}` }))}
            />
            <button type="submit">{t("history.compare")}</button>
          </Form>
          <section aria-labelledby="changes-heading">
            <h2 id="changes-heading">{t("handbook.compareHeading", { from: from ?? 0, to: to ?? 0 })}</h2>
            {!comparison.changed ? (
              <p>{t("handbook.compareNothingChanged")}</p>
            ) : (
              <>
                <p className="muted">{t("history.legend")}</p>
                <ol className="curate-chapters">
                  {shown.map((chapter) => (
                    <li key={chapter.id}>
                      <h3>{chapter.title}</h3>
                      {chapter.added ? <p>{t("handbook.compareChapterAdded")}</p> : null}
                      {chapter.previousTitle !== null ? <p>{t("handbook.compareChapterRenamed", { title: chapter.previousTitle })}</p> : null}
                      <EntryChanges changes={chapter.entries} />
                    </li>
                  ))}
                  {comparison.removedChapters.map((chapter, i) => (
                    <li key={`removed-${i}`}>
                      <h3>
                        <del>{chapter.title}</del>
                      </h3>
                      <p>{t("handbook.compareChapterRemoved")}</p>
                      <EntryChanges changes={chapter.entries} />
                    </li>
                  ))}
                </ol>
              </>
            )}
          </section>
        </>
      )}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
