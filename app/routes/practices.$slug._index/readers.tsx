import { Form, useNavigation } from "@remix-run/react";
import { audienceLabel, type Audience, type AudienceOptions } from "../../domain/practice";
import { useI18n } from "../../i18n/react";
import { AudienceField } from "../../ui/audience-field";
import { useFormat } from "../../ui/format";
import { fieldIdFor, useFormState, valueOf } from "../../ui/forms";
import { Link } from "../../ui/link";

/** Who may read the practice, as its page says it. */
export interface ReadersView {
  audience: Audience;
  group: { name: string; slug: string } | null;
  organisationName: string;
}

export function ReadersLine({ readers }: { readers: ReadersView }) {
  const { t } = useI18n();
  return (
    <p className="audience-line">
      <strong>{t("audience.readBy")}</strong>{" "}
      {readers.audience === "organisation" ? (
        t("audience.organisationNamed", { organisation: readers.organisationName })
      ) : readers.audience === "group" && readers.group ? (
        <Link to={`/groups/${readers.group.slug}`}>{t("audience.groupNamed", { group: readers.group.name })}</Link>
      ) : (
        t(audienceLabel(readers.audience === "group" ? "organisation" : readers.audience))
      )}
    </p>
  );
}

/** Withdrawn: what its organisation sees instead of the lists it left, and the way back. */
export function WithdrawnNotice({ withdrawn, canUndo }: { withdrawn: { at: number; reason: string; by: string | null }; canUndo: boolean }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <div className="notice" role="note">
      <p>
        <strong>{t("withdraw.notice", { date: format.date(withdrawn.at) })}</strong> {withdrawn.by ? t("withdraw.noticeBy", { name: withdrawn.by }) : null}
      </p>
      <p>{t("withdraw.noticeReason", { reason: withdrawn.reason })}</p>
      {canUndo ? (
        <Form method="post">
          <button type="submit" name="intent" value="undoWithdrawal" className="button-secondary">
            {t("withdraw.undo")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}

/**
 * For the practice's organisation: who may read it (an original only; a translation follows
 * it), and withdrawing it at once. Both are plain forms of the page, kept on a failed submit.
 */
export function ReadersControls({ audience, isTranslation }: { audience: AudienceOptions | null; isTranslation: boolean }) {
  const { t } = useI18n();
  const state = useFormState();
  const busy = useNavigation().state === "submitting";
  const failed = (intent: string) => (valueOf(state, "intent") === intent ? state : {});
  const audienceState = failed("audience");
  const withdrawState = failed("withdraw");
  return (
    <section className="readers-controls" aria-labelledby="readers-heading">
      <h2 id="readers-heading">{t("audience.manageHeading")}</h2>
      {audience ? (
        <details open={audienceState.errors ? true : undefined}>
          <summary>{t("audience.change")}</summary>
          <Form method="post">
            <input type="hidden" name="intent" value="audience" />
            <AudienceField options={{ ...audience, value: valueOf(audienceState, "audience") ?? audience.value }} error={audienceState.errors?.audience} />
            <p className="hint">{t("audience.narrowingNote")}</p>
            <button type="submit" disabled={busy}>
              {t("audience.save")}
            </button>
          </Form>
        </details>
      ) : isTranslation ? (
        <p className="muted">{t("audience.followsOriginal")}</p>
      ) : null}
      <details open={withdrawState.errors ? true : undefined}>
        <summary>{t("withdraw.heading")}</summary>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="withdraw" />
          <p>{t("withdraw.explain")}</p>
          <div className="field">
            <label htmlFor={fieldIdFor("reason")}>{t("withdraw.reason")}</label>
            <textarea
              id={fieldIdFor("reason")}
              name="reason"
              rows={3}
              maxLength={500}
              required
              defaultValue={valueOf(withdrawState, "reason")}
              aria-invalid={withdrawState.errors?.reason ? true : undefined}
              aria-describedby={withdrawState.errors?.reason ? "reason-error" : undefined}
            />
            {withdrawState.errors?.reason ? (
              <p id="reason-error" className="field-error">
                {t(withdrawState.errors.reason.key, withdrawState.errors.reason.params)}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label>
              <input type="checkbox" name="confirm" value="yes" id={fieldIdFor("confirm")} aria-invalid={withdrawState.errors?.confirm ? true : undefined} /> {t("withdraw.confirm")}
            </label>
            {withdrawState.errors?.confirm ? <p className="field-error">{t(withdrawState.errors.confirm.key, withdrawState.errors.confirm.params)}</p> : null}
          </div>
          <button type="submit" className="button-danger" disabled={busy}>
            {t("withdraw.submit")}
          </button>
        </Form>
      </details>
    </section>
  );
}
