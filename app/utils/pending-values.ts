/**
 * A form's defaults with what was sent when the session had ended laid over them: a list
 * field takes every value sent (none sent: an unticked list), any other field the first;
 * fields the form does not have are left out. `values` is the pending-submission model's
 * PendingFields, typed here by shape so this helper stays a leaf.
 */
export function withPendingValues<T extends object>(defaults: T, values: Record<string, string[]> | undefined): T {
  if (!values) return defaults;
  const base = defaults as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...base };
  for (const key of Object.keys(defaults)) {
    const sent = values[key];
    if (Array.isArray(base[key])) merged[key] = sent ?? [];
    else if (sent) merged[key] = sent[0];
  }
  return merged as unknown as T;
}
