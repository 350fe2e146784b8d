import { useFetcher, useLocation } from "@remix-run/react";
import { useRef } from "react";
import { Link } from "./link";
import { useI18n } from "../i18n/react";
import type { FieldErrors } from "../utils/forms";
import { CountryName } from "./format";
import { KeptTextNote, useKeptText } from "./kept-text";

export interface EndorsementView {
  count: number;
  organisations: { name: string; slug: string; country: string }[];
  countries: string[];
  endorsements: { id: number; note: string; memberName: string | null; organisationName: string; userId: number | null }[];
}

interface FetcherResult {
  intent?: string;
  errors?: FieldErrors;
  values?: Record<string, string | string[]>;
}

/** Endorse, change the note, withdraw: in place with JavaScript, as plain forms without. */
export function Endorsements({
  summary,
  mine,
  canEndorse,
  restoredNote = null,
}: {
  summary: EndorsementView;
  mine: { note: string } | null;
  canEndorse: boolean;
  /** A note sent after the session had ended, given back once after sign-in. */
  restoredNote?: string | null;
}) {
  const { t } = useI18n();
  const fetcher = useFetcher<FetcherResult>();
  const busy = fetcher.state !== "idle";
  const error = fetcher.data?.intent === "endorse" ? fetcher.data.errors?.note : undefined;
  const formRef = useRef<HTMLFormElement>(null);
  const kept = useKeptText(formRef, `endorse:${useLocation().pathname}`, ["note"]);
  return (
    <section aria-labelledby="endorsements-heading" className="endorsements">
      <h2 id="endorsements-heading">{t("endorse.heading", { count: summary.count })}</h2>
      {summary.count > 0 ? (
        <p>
          {t("endorse.reach", { organisations: summary.organisations.length, countries: summary.countries.length })}
          {summary.organisations.length ? ": " : ""}
          {summary.organisations.map((o, i) => (
            <span key={o.slug}>
              {i > 0 ? ", " : ""}
              <Link to={`/organisations/${o.slug}`}>{o.name}</Link> (<CountryName code={o.country} />)
            </span>
          ))}
        </p>
      ) : (
        <p className="muted">{t("endorse.none")}</p>
      )}
      {summary.endorsements.some((e) => e.note) ? (
        <ul className="endorsement-notes">
          {summary.endorsements
            .filter((e) => e.note)
            .map((e) => (
              <li key={e.id}>
                <q>{e.note}</q> — {e.memberName ?? t("comments.formerMember")}, {e.organisationName}
              </li>
            ))}
        </ul>
      ) : null}
      {canEndorse ? (
        <fetcher.Form ref={formRef} method="post" className="endorse-form" onSubmit={kept.clear}>
          <KeptTextNote kept={kept} />
          {restoredNote !== null ? (
            <p className="notice" role="status">
              {t("form.restoredAfterSignIn")}
            </p>
          ) : null}
          <div className="field">
            <label htmlFor="endorse-note">{mine ? t("endorse.yourNote") : t("endorse.noteLabel")}</label>
            <p className="hint" id="endorse-note-hint">
              {t("endorse.noteHint")}
            </p>
            <textarea
              id="endorse-note"
              name="note"
              rows={2}
              maxLength={500}
              defaultValue={restoredNote ?? mine?.note ?? ""}
              aria-describedby={error ? "endorse-note-hint endorse-note-error" : "endorse-note-hint"}
              aria-invalid={error ? true : undefined}
            />
            {error ? (
              <p className="field-error" id="endorse-note-error">
                {t(error.key, error.params)}
              </p>
            ) : null}
          </div>
          <div className="button-row">
            <button type="submit" name="intent" value="endorse" disabled={busy}>
              {mine ? t("endorse.update") : t("endorse.submit")}
            </button>
            {mine ? (
              <button type="submit" name="intent" value="unendorse" className="button-secondary" disabled={busy}>
                {t("endorse.withdraw")}
              </button>
            ) : null}
          </div>
          {mine ? (
            <p className="muted" role="status">
              {t("endorse.youEndorsed")}
            </p>
          ) : null}
        </fetcher.Form>
      ) : null}
    </section>
  );
}

export function FollowButton({ following }: { following: boolean }) {
  const { t } = useI18n();
  const fetcher = useFetcher();
  const pending = fetcher.formData?.get("intent");
  const shown = pending ? pending === "follow" : following;
  return (
    <fetcher.Form method="post" className="inline-form">
      <button type="submit" name="intent" value={shown ? "unfollow" : "follow"} className="button-secondary" aria-pressed={shown}>
        {shown ? t("follow.following") : t("follow.follow")}
      </button>
    </fetcher.Form>
  );
}
