import { Form } from "@remix-run/react";
import type { EntryWithdrawal } from "../../domain/handbook";
import { writeUpFieldLabel, type WriteUpField } from "../../domain/practice";
import { useT } from "../../i18n/react";
import { DiffView } from "../../ui/diff-view";
import { Field } from "../../ui/forms";
import { useFormat } from "../../ui/format";
import { Link } from "../../ui/link";
import type { DiffPart } from "../../utils/diff";
import { IntentButton } from "./intent-button";

/** An entry as the curate page shows it (the loader's data). */
/** What the curator is told about an entry readers see as withdrawn. */
const CURATE_WITHDRAWAL = {
  review: "handbook.curateUnderReview",
  redacted: "handbook.curateRedacted",
  withdrawn: "handbook.curateWithdrawnByOrganisation",
  narrowed: "handbook.curateNarrowed",
} as const satisfies Record<NonNullable<EntryWithdrawal>, string>;

export interface CurateEntryData {
  entryId: number;
  practiceId: number;
  practiceSlug: string;
  title: string;
  language: string;
  organisationName: string;
  revisionNumber: number;
  currentRevision: number;
  curatorNote: string;
  withdrawn: EntryWithdrawal;
}

/** What changed in the entry's practice since it was pinned. */
export interface EntryDriftData {
  latest: number;
  fields: { field: WriteUpField; parts: DiffPart[] }[];
}

/** A translation of the entry's practice into the handbook's language, if there is one. */
export type EntryTranslation = { id: number; upToDate: boolean } | null | undefined;

/** One entry on the curate page: its pin, withdrawal, drift, translation, moves and note. */
export function CurateEntry({
  entry,
  chapterId,
  chapters,
  drift,
  translation,
  handbookLanguage,
  frozen,
  first,
  last,
}: {
  entry: CurateEntryData;
  chapterId: number;
  chapters: { id: number; title: string }[];
  drift: EntryDriftData | undefined;
  translation: EntryTranslation;
  handbookLanguage: string;
  frozen: boolean;
  first: boolean;
  last: boolean;
}) {
  const t = useT();
  const format = useFormat();
  return (
    <li className="curate-entry">
      <p>
        {entry.practiceSlug ? (
          <Link to={`/practices/${entry.practiceSlug}`} lang={entry.language}>
            <strong>{entry.title || t("handbook.entryWithdrawnTitle")}</strong>
          </Link>
        ) : (
          <strong>{t("handbook.entryWithdrawnTitle")}</strong>
        )}{" "}
        <span className="muted">
          {entry.organisationName} · {format.language(entry.language)} · {t("handbook.pinnedTo", { number: entry.revisionNumber })}
        </span>
      </p>
      {entry.withdrawn !== null ? (
        <div className="notice" role="note">
          <p>{t(CURATE_WITHDRAWAL[entry.withdrawn])}</p>
          {entry.withdrawn === "redacted" && !frozen && entry.currentRevision > entry.revisionNumber ? (
            <IntentButton intent="repin" label={t("handbook.repin", { number: entry.currentRevision })} fields={{ entryId: entry.entryId }} className="" />
          ) : null}
        </div>
      ) : null}
      {drift ? (
        <div className="drift" role="note">
          <p>
            <strong>{t("handbook.updatedSinceCurated")}</strong> {t("handbook.driftExplain", { pinned: entry.revisionNumber, latest: drift.latest })}
          </p>
          <details>
            <summary>{t("handbook.showDiff")}</summary>
            {drift.fields.map((f) => (
              <div key={f.field}>
                <h4>{t(writeUpFieldLabel(f.field))}</h4>
                <DiffView parts={f.parts} />
              </div>
            ))}
          </details>
          {!frozen ? <IntentButton intent="repin" label={t("handbook.repin", { number: drift.latest })} fields={{ entryId: entry.entryId }} className="" /> : null}
        </div>
      ) : null}
      {entry.language !== handbookLanguage ? (
        <p className="muted">
          {translation
            ? translation.upToDate
              ? t("handbook.translationAvailable", { language: format.language(handbookLanguage) })
              : t("handbook.translationOutdated", { language: format.language(handbookLanguage) })
            : t("handbook.noTranslation", { language: format.language(handbookLanguage) })}{" "}
          {translation && !frozen ? <IntentButton intent="pinTranslation" label={t("handbook.pinTranslation")} fields={{ entryId: entry.entryId, practiceId: translation.id }} /> : null}
        </p>
      ) : null}
      {!frozen ? (
        <div className="button-row">
          {!first ? (
            <IntentButton intent="moveEntry" label={t("handbook.moveUp")} ariaLabel={t("handbook.moveEntryUp", { title: entry.title })} fields={{ entryId: entry.entryId, direction: "up" }} />
          ) : null}
          {!last ? (
            <IntentButton intent="moveEntry" label={t("handbook.moveDown")} ariaLabel={t("handbook.moveEntryDown", { title: entry.title })} fields={{ entryId: entry.entryId, direction: "down" }} />
          ) : null}
          {chapters.length > 1 ? (
            <Form method="post" className="inline-form move-to">
              <input type="hidden" name="entryId" value={entry.entryId} />
              <label>
                {t("handbook.moveTo")}{" "}
                <select name="chapterId" defaultValue={String(chapterId)}>
                  {chapters.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.title}
                    </option>
                  ))}
                </select>
              </label>{" "}
              <button type="submit" name="intent" value="entryChapter" className="button-secondary">
                {t("handbook.move")}
              </button>
            </Form>
          ) : null}
          <IntentButton intent="removeEntry" label={t("handbook.remove")} ariaLabel={t("handbook.removeEntry", { title: entry.title })} fields={{ entryId: entry.entryId }} className="button-danger" />
        </div>
      ) : null}
      {!frozen ? (
        <Form method="post" className="note-form">
          <input type="hidden" name="entryId" value={entry.entryId} />
          <Field label={t("handbook.curatorNote")} name="note" defaultValue={entry.curatorNote} />
          <button type="submit" name="intent" value="entryNote" className="button-secondary">
            {t("handbook.saveNote")}
          </button>
        </Form>
      ) : entry.curatorNote ? (
        <p>
          <strong>{t("handbook.curatorNote")}</strong> {entry.curatorNote}
        </p>
      ) : null}
    </li>
  );
}
