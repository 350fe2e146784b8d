import type { AppLoadContext, EntryContext, HandleDataRequestFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { catalogues, isLocale, resolveLocale } from "./i18n";
import { localeCookieValue } from "./i18n/locale.server";
import { I18nProvider } from "./i18n/react";
import { NonceProvider } from "./ui/nonce";

// The server (server.js) reaches these through the build, so the bundle carries the
// migrations and there is one way to open the database.
export { openAppDatabase as openDatabase, databaseTarget, describeTarget, isPostgresUrl, poolSize } from "./server/database.server";
export { createRequestContext } from "./server/context";
export { inArrivalOrder } from "./server/arrival-order.server";
export { startDigestScheduler } from "./server/digest-scheduler.server";

function addCookies(headers: Headers, context: AppLoadContext | undefined) {
  for (const cookie of context?.memo?.setCookies ?? []) headers.append("Set-Cookie", cookie);
}

export const handleDataRequest: HandleDataRequestFunction = (response, { context }) => {
  addCookies(response.headers, context);
  return response;
};

/**
 * Pages are rendered to one string: nothing on them waits for data after the loaders
 * (no defer), and a whole string costs a fifth less than React's stream piped through a
 * Node stream into a web stream (docs/decisions/0004).
 */
export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext, loadContext: AppLoadContext) {
  addCookies(responseHeaders, loadContext);
  const nonce = loadContext?.cspNonce ?? "";
  // The root loader chose the language; if it failed, the request's own preference decides.
  const rootLocale = (remixContext.staticHandlerContext.loaderData?.root as { locale?: string } | undefined)?.locale;
  const locale = isLocale(rootLocale) ? rootLocale : resolveLocale({ cookie: localeCookieValue(request), acceptLanguage: request.headers.get("Accept-Language") });
  const html = renderToString(
    <NonceProvider value={nonce}>
      <I18nProvider locale={locale} messages={catalogues[locale]}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </I18nProvider>
    </NonceProvider>,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  const document = "<!DOCTYPE html>" + html;
  const response = new Response(document, { headers: responseHeaders, status: responseStatusCode });
  if (loadContext?.memo) loadContext.memo.document = { response, html: document };
  return response;
}
