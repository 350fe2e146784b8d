/**
 * A submit that fails (offline, no answer, a 5xx) must not cost anyone their text. Remix
 * turns a failed action request into the error page, which replaces the form; here the
 * browser's fetch of an action (`?_data=…`, POST) that fails is answered with a 503 the
 * route keeps as action data instead, so the page and every field stay as they were, and
 * the form that was sent says so and offers to send again. Every form sent through the
 * router gets this: Remix <Form>, `data-enhance` forms and fetchers alike.
 */

export const SUBMIT_FAILED = "submitFailed";
/** An upload on a slow phone takes seconds, not minutes; past this the request has failed. */
const SUBMIT_TIMEOUT_MS = 60_000;

interface Messages {
  failed: string;
  retry: string;
}

let installed = false;
let messages: Messages = { failed: "", retry: "" };
/** The form (and button) whose submit event started the request now under way. */
let pending: { form: HTMLFormElement; submitter: HTMLElement | null } | null = null;

function isActionRequest(input: RequestInfo | URL, init?: RequestInit) {
  const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
  if (method === "GET" || method === "HEAD") return false;
  const url = new URL(input instanceof Request ? input.url : String(input), window.location.href);
  return url.origin === window.location.origin && url.searchParams.has("_data");
}

function withTimeout(signal: AbortSignal | null | undefined) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), SUBMIT_TIMEOUT_MS);
  signal?.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
  return { signal: controller.signal, done: () => clearTimeout(timer) };
}

function failedResponse() {
  // X-Remix-Response: Remix takes a 5xx without it for a proxy's error page, and shows the error page.
  return new Response(JSON.stringify({ [SUBMIT_FAILED]: true }), {
    status: 503,
    headers: { "Content-Type": "application/json", "X-Remix-Response": "yes" },
  });
}

function clearNotices() {
  for (const notice of document.querySelectorAll("[data-submit-failed]")) notice.remove();
}

/** Outside React's tree on purpose: it survives whatever the route renders from the 503. */
function showNotice(form: HTMLFormElement, submitter: HTMLElement | null) {
  clearNotices();
  if (!form.isConnected) return;
  const notice = document.createElement("div");
  notice.className = "notice submit-failed";
  notice.setAttribute("role", "alert");
  notice.setAttribute("data-submit-failed", "");
  const text = document.createElement("p");
  text.textContent = messages.failed;
  const retry = document.createElement("button");
  retry.type = "button";
  retry.textContent = messages.retry;
  retry.addEventListener("click", () => {
    notice.remove();
    const button = submitter instanceof HTMLButtonElement || submitter instanceof HTMLInputElement ? submitter : undefined;
    form.requestSubmit(button?.form === form ? button : undefined);
  });
  notice.append(text, retry);
  form.prepend(notice);
  retry.focus();
}

function reportFailure() {
  const sent = pending;
  pending = null;
  // A fetcher sent from code (no submit event) shows its own state; only a form the member sent speaks here.
  if (sent) queueMicrotask(() => showNotice(sent.form, sent.submitter));
}

/** Once, in the browser: answers failed action requests with a 503 the page keeps. */
export function installResilientSubmits(current: Messages) {
  messages = current;
  if (installed) return;
  installed = true;
  // The router revalidates after an action unless it answered 4xx/5xx with this flag (Remix's
  // single-fetch default); without it the reload after a failed submit would fail too.
  const future = window.__remixRouter?.future as { v7_skipActionErrorRevalidation: boolean } | undefined;
  if (future) future.v7_skipActionErrorRevalidation = true;

  window.addEventListener(
    "submit",
    (event) => {
      if (!(event.target instanceof HTMLFormElement) || event.target.method.toLowerCase() !== "post") return;
      clearNotices();
      pending = { form: event.target, submitter: event.submitter };
    },
    true,
  );

  const original = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    if (!isActionRequest(input, init)) return original(input, init);
    const timeout = withTimeout(init?.signal ?? (input instanceof Request ? input.signal : undefined));
    try {
      const response = await original(input, { ...init, signal: timeout.signal });
      if (response.status >= 500) {
        reportFailure();
        return failedResponse();
      }
      pending = null;
      return response;
    } catch (error) {
      // Navigating away or a newer submit cancelled it: that is not a failure to report.
      if (init?.signal?.aborted) throw error;
      reportFailure();
      return failedResponse();
    } finally {
      timeout.done();
    }
  };
}
