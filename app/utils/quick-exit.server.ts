import { DEFAULT_QUICK_EXIT_URL, parseQuickExitUrl } from "./quick-exit";

let warned = false;

/** The neutral site "Leave this page" goes to: QUICK_EXIT_URL when it is an absolute http(s) address, else the default. */
export function configuredQuickExitUrl(env: Record<string, string | undefined> = process.env): string {
  const configured = env.QUICK_EXIT_URL;
  const url = parseQuickExitUrl(configured);
  if (url) return url;
  if (configured?.trim() && !warned) {
    warned = true;
    console.warn(`QUICK_EXIT_URL is not an absolute http(s) address (${JSON.stringify(configured.slice(0, 200))}); "Leave this page" goes to ${DEFAULT_QUICK_EXIT_URL}.`);
  }
  return DEFAULT_QUICK_EXIT_URL;
}
