import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireMember } from "../auth/guards.server";
import { requestLocale } from "../i18n/locale.server";
import { pageTitle } from "../i18n/meta";
import { sectionHandle, withSection } from "../i18n/sections";
import { useT } from "../i18n/react";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { ProposalForm } from "../ui/glossary-proposal-form";
import { Link } from "../ui/link";

export const meta = pageTitle("glossary.proposal.newTitle");
// The glossary's strings come with its pages (app/i18n/sections.ts).
export const handle = sectionHandle("glossary");
export const clientLoader = withSection("glossary");

/** A member proposes a concept the glossary lacks: its first term, and why (the form posts to /glossary/proposals). */
export async function loader(args: LoaderFunctionArgs) {
  await requireMember(args);
  return json({ locale: await requestLocale(args) });
}

export default function NewConceptProposalPage() {
  const { locale } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="narrow">
      <p>
        <Link to="/glossary">{t("glossary.edit.backToGlossary")}</Link>
      </p>
      <h1>{t("glossary.proposal.newTitle")}</h1>
      <p>{t("glossary.proposal.newIntro")}</p>
      <ProposalForm conceptSlug="" language={locale} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
