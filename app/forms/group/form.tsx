import { Form, useNavigation } from "@remix-run/react";
import { useT } from "../../i18n/react";
import { ErrorSummary, Field, TextareaField, valueOf, type FormState } from "../../ui/forms";

/**
 * Name and description of a group, for creating one or editing it. `state` is the failed
 * submit of this form only (the admin page has several), so what was typed comes back.
 */
export function GroupForm({ state, defaults, intent, submitLabel }: { state: FormState; defaults?: { name: string; description: string }; intent?: string; submitLabel: string }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post" noValidate>
      <ErrorSummary state={state} labels={{ name: t("groups.name"), description: t("groups.description") }} />
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <Field label={t("groups.name")} name="name" required maxLength={200} defaultValue={valueOf(state, "name") ?? defaults?.name} error={state.errors?.name} />
      <TextareaField
        label={t("groups.description")}
        name="description"
        rows={4}
        hint={t("groups.descriptionHint")}
        defaultValue={valueOf(state, "description") ?? defaults?.description}
        error={state.errors?.description}
      />
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
    </Form>
  );
}
