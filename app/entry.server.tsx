import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext, type HandleDataRequestFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { catalogues, isLocale, resolveLocale } from "./i18n";
import { localeCookieValue } from "./i18n/locale.server";
import { I18nProvider } from "./i18n/react";
import { NonceProvider } from "./ui/nonce";

// The server (server.js) reaches these through the build, so the bundle carries the
// migrations and there is one way to open the database.
export { openAppDatabase as openDatabase } from "./utils/app-database.server";
export { createRequestContext } from "./context";

const ABORT_DELAY = 5_000;

function addCookies(headers: Headers, context: AppLoadContext | undefined) {
  for (const cookie of context?.memo?.setCookies ?? []) headers.append("Set-Cookie", cookie);
}

export const handleDataRequest: HandleDataRequestFunction = (response, { context }) => {
  addCookies(response.headers, context);
  return response;
};

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  addCookies(responseHeaders, loadContext);
  const nonce = loadContext?.cspNonce ?? "";
  // The root loader chose the language; if it failed, the request's own preference decides.
  const rootLocale = (remixContext.staticHandlerContext.loaderData?.root as { locale?: string } | undefined)?.locale;
  const locale = isLocale(rootLocale)
    ? rootLocale
    : resolveLocale({ cookie: localeCookieValue(request), acceptLanguage: request.headers.get("Accept-Language") });
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nProvider locale={locale} messages={catalogues[locale]}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nProvider>
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
