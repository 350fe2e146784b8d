import { Form, useNavigation } from "@remix-run/react";

/** One button that posts one intent, with the hidden fields it needs. */
export function IntentButton({
  intent,
  label,
  fields = {},
  className = "button-secondary",
  ariaLabel,
}: {
  intent: string;
  label: string;
  fields?: Record<string, string | number>;
  className?: string;
  ariaLabel?: string;
}) {
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post" className="inline-form">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" name="intent" value={intent} className={className} disabled={busy} aria-label={ariaLabel}>
        {label}
      </button>
    </Form>
  );
}
