import { useEffect, useState } from "react";
import { OFFLINE_LIMITS } from "../domain/saved";
import { useI18n } from "../i18n/react";
import { fileSize } from "../utils/file-size";

/** What the service worker (public/sw.js) says it keeps on this device. */
interface WorkerStatus {
  keeping: boolean;
  usedBytes: number;
  items: { key: string; title: string }[];
}

type State = { phase: "server" } | { phase: "unsupported" } | { phase: "waiting" } | ({ phase: "ready" } & WorkerStatus);

/** Asks the active service worker a question and waits for its answer. */
async function askWorker(message: { type: "sync"; force?: boolean } | { type: "status" }): Promise<WorkerStatus> {
  const registration = await navigator.serviceWorker.ready;
  const worker = registration.active;
  if (!worker) throw new Error("no active service worker");
  return new Promise((resolve, reject) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => (event.data?.error ? reject(new Error("the service worker could not answer")) : resolve(event.data as WorkerStatus));
    worker.postMessage(message, [channel.port2]);
  });
}

/**
 * Settings, "Offline copies": the budget; with JavaScript, the space the copies take on this
 * device now and what is kept. "Remove all offline copies" and "Keep offline copies" are plain
 * forms the service worker acts on as they go by (POST /offline), with or without JavaScript.
 */
export function OfflineSettings() {
  const { t, locale } = useI18n();
  const [state, setState] = useState<State>({ phase: "server" });
  useEffect(() => {
    if (!("serviceWorker" in navigator)) {
      setState({ phase: "unsupported" });
      return;
    }
    let live = true;
    setState({ phase: "waiting" });
    // Brought up to date first, so what it lists is what is readable offline now.
    askWorker({ type: "sync", force: true })
      .catch(() => askWorker({ type: "status" }))
      .then((status) => live && setState({ phase: "ready", ...status }))
      .catch(() => live && setState({ phase: "unsupported" }));
    return () => {
      live = false;
    };
  }, []);
  const budget = fileSize(OFFLINE_LIMITS.budgetBytes, t, locale);
  return (
    <section aria-labelledby="offline-heading" id="offline">
      <h2 id="offline-heading">{t("offline.settingsHeading")}</h2>
      <p>{t("offline.settingsExplain", { budget })}</p>
      {/* Announced when it changes; not role="status", which the page keeps for its own notices. */}
      <div aria-live="polite">
        {state.phase === "server" ? <p>{t("offline.needsJavaScript")}</p> : null}
        {state.phase === "unsupported" ? <p>{t("offline.unsupported")}</p> : null}
        {state.phase === "waiting" ? <p>{t("offline.checking")}</p> : null}
        {state.phase === "ready" && !state.keeping ? <p>{t("offline.off")}</p> : null}
        {state.phase === "ready" && state.keeping ? (
          <>
            <p>{t("offline.used", { used: fileSize(state.usedBytes, t, locale), budget, count: state.items.length })}</p>
            {state.items.length ? (
              <ul aria-label={t("offline.kept")}>
                {state.items.map((item) => (
                  <li key={item.key}>{item.title}</li>
                ))}
              </ul>
            ) : null}
          </>
        ) : null}
      </div>
      <div className="button-row">
        {state.phase === "ready" && !state.keeping ? null : (
          <form method="post" action="/offline">
            <input type="hidden" name="intent" value="remove" />
            <button type="submit" className="button-secondary">
              {t("offline.remove")}
            </button>
          </form>
        )}
        {/* Without JavaScript this page cannot know whether copies were turned off here: both ways are offered. */}
        {state.phase === "server" || (state.phase === "ready" && !state.keeping) ? (
          <form method="post" action="/offline">
            <input type="hidden" name="intent" value="keep" />
            <button type="submit">{t("offline.keep")}</button>
          </form>
        ) : null}
      </div>
    </section>
  );
}
