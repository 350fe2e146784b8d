/**
 * Where "Leave this page" goes when QUICK_EXIT_URL is not set (or not usable): a weather
 * page, which anyone might have open, reached over https, and no part of this forum.
 */
export const DEFAULT_QUICK_EXIT_URL = "https://www.bbc.com/weather";

/**
 * An absolute http(s) address, normalised (`new URL(…).href`), or null for anything else:
 * a relative path, `javascript:`, `data:`, credentials in the address, spaces or control
 * characters, or more than 2,000 characters.
 */
export function parseQuickExitUrl(value: string | null | undefined): string | null {
  const text = value?.trim();
  // eslint-disable-next-line no-control-regex -- control characters are what an address must not hold
  if (!text || text.length > 2_000 || !/^https?:\/\//i.test(text) || /[\s\u0000-\u001f\u007f]/.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if ((url.protocol !== "https:" && url.protocol !== "http:") || !url.hostname || url.username || url.password) return null;
  return url.href;
}
