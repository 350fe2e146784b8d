import { Form, useSearchParams } from "@remix-run/react";
import { GLOSSARY_LANGUAGES, PROPOSAL_KINDS, TERM_STATUSES, termStatusLabel, type GlossaryLanguage } from "../domain/glossary";
import type { MessageKey } from "../i18n";
import { useI18n } from "../i18n/react";
import { useFormat } from "./format";
import { ErrorSummary, Field, SelectField, TextareaField, valueOf, type FormState } from "./forms";

const KIND_LABELS = { term: "glossary.proposal.kindTerm", correction: "glossary.proposal.kindCorrection" } as const satisfies Record<(typeof PROPOSAL_KINDS)[number], MessageKey>;

/**
 * A member proposes a term or a correction: a plain form posting to /glossary/proposals, on a
 * concept's page (`conceptSlug`) or for a new concept (`conceptSlug` ""). `state` holds the
 * errors and values when the proposal came back (the proposals page renders it then).
 */
export function ProposalForm({ conceptSlug, language, state = {} }: { conceptSlug: string; language: GlossaryLanguage; state?: FormState }) {
  const { t } = useI18n();
  const format = useFormat();
  const value = (name: string) => valueOf(state, name);
  const labels = {
    kind: t("glossary.proposal.kind"),
    language: t("glossary.proposal.language"),
    term: t("glossary.proposal.term"),
    statusProposed: t("glossary.proposal.status"),
    message: t("glossary.proposal.message"),
  };
  return (
    <Form method="post" action="/glossary/proposals" noValidate className="glossary-proposal-form">
      <ErrorSummary state={state} labels={labels} />
      <input type="hidden" name="intent" value="propose" />
      <input type="hidden" name="conceptSlug" value={conceptSlug} />
      {conceptSlug ? (
        <SelectField label={labels.kind} name="kind" options={PROPOSAL_KINDS.map((k) => ({ value: k, label: t(KIND_LABELS[k]) }))} defaultValue={value("kind") ?? "term"} error={state.errors?.kind} />
      ) : (
        <input type="hidden" name="kind" value="term" />
      )}
      <SelectField
        label={labels.language}
        name="language"
        options={[language, ...GLOSSARY_LANGUAGES.filter((l) => l !== language)].map((l) => ({ value: l, label: format.language(l) }))}
        defaultValue={value("language") ?? language}
        error={state.errors?.language}
      />
      <Field label={labels.term} name="term" hint={conceptSlug ? t("glossary.proposal.termHint") : undefined} defaultValue={value("term")} error={state.errors?.term} maxLength={200} />
      <SelectField
        label={labels.statusProposed}
        name="statusProposed"
        options={TERM_STATUSES.map((s) => ({ value: s, label: t(termStatusLabel(s)) }))}
        defaultValue={value("statusProposed") ?? (conceptSlug ? "admitted" : "preferred")}
        error={state.errors?.statusProposed}
      />
      <TextareaField label={labels.message} name="message" rows={4} hint={t("glossary.proposal.messageHint")} defaultValue={value("message")} error={state.errors?.message} />
      <button type="submit">{t("glossary.proposal.send")}</button>
    </Form>
  );
}

/** What a redirect to a glossary page confirms (`?done=`): saved, nothing changed, a proposal sent … */
const DONE_NOTICES: Record<string, MessageKey | undefined> = {
  created: "glossary.edit.doneCreated",
  saved: "glossary.edit.doneSaved",
  unchanged: "glossary.edit.doneUnchanged",
  deleted: "glossary.edit.doneDeleted",
  restored: "glossary.edit.doneRestored",
  proposed: "glossary.proposal.doneProposed",
  accepted: "glossary.proposal.doneAccepted",
  declined: "glossary.proposal.doneDeclined",
  decided: "glossary.proposal.doneAlreadyDecided",
  imported: "glossary.import.done",
};

/** An import's counts (`?done=imported&created=…&revised=…&unchanged=…`): whole numbers, else 0. */
const countParam = (value: string | null) => (value && /^\d{1,6}$/.test(value) ? Number(value) : 0);

/** The confirmation after a glossary change, for the glossary's pages to show at the top. */
export function GlossaryDoneNotice() {
  const { t } = useI18n();
  const [searchParams] = useSearchParams();
  const done = DONE_NOTICES[searchParams.get("done") ?? ""];
  if (!done) return null;
  return (
    <p className="notice" role="status">
      {t(done, { created: countParam(searchParams.get("created")), revised: countParam(searchParams.get("revised")), unchanged: countParam(searchParams.get("unchanged")) })}
    </p>
  );
}
