import { useLocation } from "@remix-run/react";
import { Link } from "./link";
import { useT } from "../i18n/react";

/** Previous / next links that keep every other query parameter. */
export function Pagination({ page, pageCount, param = "page" }: { page: number; pageCount: number; param?: string }) {
  const t = useT();
  const location = useLocation();
  if (pageCount <= 1) return null;
  const hrefFor = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set(param, String(p));
    return `${location.pathname}?${params}`;
  };
  return (
    <nav className="pagination" aria-label={t("pagination.label")}>
      {page > 1 ? (
        <Link to={hrefFor(page - 1)} rel="prev">
          {t("pagination.previous")}
        </Link>
      ) : null}
      <span>{t("pagination.status", { page, pageCount })}</span>
      {page < pageCount ? (
        <Link to={hrefFor(page + 1)} rel="next">
          {t("pagination.next")}
        </Link>
      ) : null}
    </nav>
  );
}
