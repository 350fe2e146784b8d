import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Link } from "../ui/link";
import { z } from "zod";
import { WRITE_UP_FIELDS, writeUpFieldLabel, type WriteUpField } from "../domain/practice";
import { dataTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { can } from "../auth/permissions.server";
import { revisionAttachmentChanges } from "../models/attachment.server";
import { countRedactedRevisions, getRevision, listRevisions } from "../models/practice.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { useFormat } from "../ui/format";
import { SelectField } from "../ui/forms";
import { diffTexts, hasChanges, type DiffDetail, type DiffPart } from "../utils/diff";
import { requirePractice } from "../auth/practice-access.server";
import { parseSearchParams } from "../utils/query";

export const meta = dataTitle((data: { practice: { title: string } }) => data.practice.title, "history.title");

const Compare = /* @__PURE__ */ (() =>
  z.object({
    from: z.coerce.number().int().positive().optional().catch(undefined),
    to: z.coerce.number().int().positive().optional().catch(undefined),
  }))();

export async function loader(args: LoaderFunctionArgs) {
  const { member, practice } = await requirePractice(args, "viewPractice");
  const [revisions, redacted, attachmentChanges] = await Promise.all([
    listRevisions(args.context.db, { practiceId: practice.id }),
    countRedactedRevisions(args.context.db, { practiceId: practice.id }),
    // A hidden file is named to the moderators only; one removed for good to nobody.
    revisionAttachmentChanges(args.context.db, { practiceId: practice.id, withHidden: can(member, "curate") }),
  ]);
  const latest = practice.current_revision;
  const query = parseSearchParams(Compare, args.request);
  // By default: the latest revision against the one before it that is still there (a
  // redacted revision is gone from history, so a link naming one compares the nearest).
  const shown = new Set(revisions.map((r) => r.number));
  const to = query.to !== undefined && shown.has(query.to) ? query.to : latest;
  const from = query.from !== undefined && shown.has(query.from) ? query.from : (revisions.find((r) => r.number < to)?.number ?? to);
  let diff: { field: WriteUpField; parts: DiffPart[]; detail: DiffDetail; changed: boolean }[] | null = null;
  if (latest > 0 && from !== to) {
    const [a, b] = await Promise.all([getRevision(args.context.db, { practiceId: practice.id, number: from }), getRevision(args.context.db, { practiceId: practice.id, number: to })]);
    if (a && b) {
      diff = WRITE_UP_FIELDS.map((field) => {
        const key = field === "title" || field === "summary" ? field : (`${field}_md` as const);
        const { parts, detail } = diffTexts(a[key], b[key]);
        return { field, parts, detail, changed: hasChanges(parts) };
      });
    }
  }
  const files = (number: number) => attachmentChanges.get(number) ?? { added: [], removed: [] };
  return json({
    practice: { slug: practice.slug, title: practice.title },
    revisions: revisions.map((r) => ({ ...r, attachments: files(r.number) })),
    redacted,
    from,
    to,
    diff,
  });
}

/** "Attachment added: …" and "… removed: …" for one revision; a file removed for good is not named. */
function AttachmentChanges({ added, removed }: { added: (string | null)[]; removed: (string | null)[] }) {
  const t = useT();
  const named = (name: string | null) => name ?? t("attachment.removedForGood");
  if (added.length === 0 && removed.length === 0) return null;
  return (
    <ul className="file-changes">
      {added.map((name, i) => (
        <li key={`added-${i}`}>{t("attachment.historyAdded", { name: named(name) })}</li>
      ))}
      {removed.map((name, i) => (
        <li key={`removed-${i}`}>{t("attachment.historyRemoved", { name: named(name) })}</li>
      ))}
    </ul>
  );
}

function DiffView({ parts }: { parts: DiffPart[] }) {
  return <pre className="diff">{parts.map((p, i) => (p.change === "added" ? <ins key={i}>{p.text}</ins> : p.change === "removed" ? <del key={i}>{p.text}</del> : <span key={i}>{p.text}</span>))}</pre>;
}

export default function HistoryPage() {
  const { practice, revisions, redacted, from, to, diff } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  const withFiles = revisions.some((r) => r.attachments.added.length > 0 || r.attachments.removed.length > 0);
  const options = revisions.map((r) => ({ value: String(r.number), label: t("history.revisionOption", { number: r.number, date: format.dateTime(r.createdAt) }) }));
  return (
    <>
      <p>
        <Link to={`/practices/${practice.slug}`}>{t("practice.backTo", { title: practice.title })}</Link>
      </p>
      <h1>{t("history.heading", { title: practice.title })}</h1>
      {redacted > 0 ? (
        <p className="notice" role="note">
          {t("history.redacted", { count: redacted })}
        </p>
      ) : null}
      {revisions.length === 0 ? (
        <p>{t("history.none")}</p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="stack">
              <thead>
                <tr>
                  <th scope="col">{t("history.revision")}</th>
                  <th scope="col">{t("history.when")}</th>
                  <th scope="col">{t("history.who")}</th>
                  <th scope="col">{t("history.note")}</th>
                  {withFiles ? <th scope="col">{t("attachment.historyColumn")}</th> : null}
                </tr>
              </thead>
              <tbody>
                {revisions.map((r) => (
                  <tr key={r.number}>
                    <td data-label={t("history.revision")}>{r.number}</td>
                    <td data-label={t("history.when")}>{format.dateTime(r.createdAt)}</td>
                    <td data-label={t("history.who")}>{r.editorId ? <Link to={`/members/${r.editorId}`}>{r.editorName}</Link> : t("history.formerMember")}</td>
                    <td data-label={t("history.note")}>{r.note}</td>
                    {withFiles ? (
                      <td data-label={t("attachment.historyColumn")}>
                        <AttachmentChanges {...r.attachments} />
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {revisions.length > 1 ? (
            <Form method="get" className="filters">
              <SelectField label={t("history.from")} name="from" options={options} defaultValue={String(from)} />
              <SelectField label={t("history.to")} name="to" options={options} defaultValue={String(to)} />
              <button type="submit">{t("history.compare")}</button>
            </Form>
          ) : null}
          {diff ? (
            <section aria-labelledby="diff-heading">
              <h2 id="diff-heading">{t("history.diffHeading", { from, to })}</h2>
              <p className="muted">{t("history.legend")}</p>
              {diff.map((d) => (
                <div key={d.field} className="diff-section">
                  <h3>{t(writeUpFieldLabel(d.field))}</h3>
                  {d.changed && d.detail !== "words" ? <p className="muted">{t(d.detail === "lines" ? "history.tooManyWords" : "history.tooManyLines")}</p> : null}
                  {d.changed ? <DiffView parts={d.parts} /> : <p className="muted">{t("history.unchanged")}</p>}
                </div>
              ))}
            </section>
          ) : null}
        </>
      )}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
