const pending = new Set<Promise<void>>();

/**
 * Runs work once the answer is on its way, so how long it takes (an SMTP round trip, a
 * lookup that only happens for a known account) never shows in the response time.
 * Failures go to the server log; nobody waits for them.
 */
export function runAfterResponse(label: string, task: () => Promise<unknown>): void {
  const run: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
    .then(task)
    .then(
      () => undefined,
      (error: unknown) => console.error(`[background] ${label} failed:`, error),
    )
    .finally(() => pending.delete(run));
  pending.add(run);
}

/** Resolves once every task started so far (and any they started) has finished: for tests and shutdown. */
export async function backgroundSettled(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending]);
}
