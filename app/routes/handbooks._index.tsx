import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "../ui/link";
import { requireMember } from "../auth/guards.server";
import { can } from "../auth/permissions.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { listHandbooks } from "../models/handbook.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { useFormat } from "../ui/format";
import { handbookStatusLabel } from "../domain/handbook";

export const meta = pageTitle("handbooks.title");

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  const curator = can(member, "curate");
  return json({ handbooks: await listHandbooks(args.context.db, { includeUnpublished: curator }), curator });
}

export default function HandbooksPage() {
  const { handbooks, curator } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  return (
    <>
      <h1>{t("handbooks.title")}</h1>
      <p>{t("handbooks.intro")}</p>
      {curator ? (
        <p className="button-row">
          <Link to="/handbooks/new" className="button">
            {t("handbooks.new")}
          </Link>
          <Link to="/nominations">{t("nominations.title")}</Link>
        </p>
      ) : null}
      {handbooks.length === 0 ? (
        <p className="empty">{t("handbooks.none")}</p>
      ) : (
        <ul className="practice-list">
          {handbooks.map((h) => (
            <li key={h.id}>
              <h2>
                <Link to={`/handbooks/${h.slug}`} lang={h.language}>
                  {t("handbook.titleEdition", { title: h.title, edition: h.edition })}
                </Link>
              </h2>
              <p className="muted">
                {format.language(h.language)} · {t(handbookStatusLabel(h.status))} · {t("handbooks.entries", { count: h.entryCount ?? 0 })}
                {h.publishedAt ? ` · ${t("practice.publishedOn", { date: format.date(h.publishedAt) })}` : ""}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
