import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Link } from "./link";
import { useT } from "../i18n/react";
import type { MessageKey } from "../i18n";

const PAGES: Record<number, { title: MessageKey; body: MessageKey }> = {
  403: { title: "error.forbidden.title", body: "error.forbidden.body" },
  404: { title: "error.notFound.title", body: "error.notFound.body" },
};

/** The one error page: 403 and 404 say what happened; anything else never shows its stack. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const page = PAGES[status] ?? { title: "error.generic.title", body: "error.generic.body" };
  if (!isRouteErrorResponse(error) && typeof document === "undefined") console.error(error);
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{t(page.title)}</h1>
      <p>{t(page.body)}</p>
      <p>
        <Link to="/">{t("error.home")}</Link>
      </p>
    </section>
  );
}
