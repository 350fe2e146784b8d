import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireMember } from "../auth/guards.server";
import { requirePermission } from "../auth/permissions.server";
import { ConceptForm } from "../forms/glossary/form";
import { readConceptSubmission } from "../forms/glossary/read.server";
import { EMPTY_ROWS, termField } from "../forms/glossary/schema";
import { requestLocale } from "../i18n/locale.server";
import { pageTitle } from "../i18n/meta";
import { sectionHandle, withSection } from "../i18n/sections";
import { useT } from "../i18n/react";
import { recordAudit } from "../models/audit.server";
import { createConcept } from "../models/glossary.server";
import { listThemes } from "../models/practice.server";
import { inTransaction } from "../server/database.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { Link } from "../ui/link";
import type { FormState } from "../ui/forms";

export const meta = pageTitle("glossary.edit.newTitle");
// The glossary's strings come with its pages (app/i18n/sections.ts).
export const handle = sectionHandle("glossary");
export const clientLoader = withSection("glossary");

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "editGlossary");
  const locale = await requestLocale(args);
  // The first row is the concept's name in the curator's language.
  return json({ themes: await listThemes(args.context.db), values: { rows: String(EMPTY_ROWS), [termField(0, "language")]: locale, [termField(0, "status")]: "preferred" } });
}

export async function action(args: ActionFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "editGlossary");
  const { db, clientIp } = args.context;
  const read = await readConceptSubmission(await args.request.formData(), db);
  if (!read.ok) return read.response;
  const { content, summary } = read.data;
  const created = await inTransaction(db, async (trx) => {
    const concept = await createConcept(trx, { content, summary, authorId: member.id });
    await recordAudit(trx, { actorId: member.id, action: "glossary.created", targetType: "glossary_concept", targetId: concept.slug, detail: { revision: 1, summary }, ip: clientIp });
    return concept;
  });
  return redirect(`/glossary/${encodeURIComponent(created.slug)}?done=created`);
}

export default function NewConceptPage() {
  const { themes, values } = useLoaderData<typeof loader>();
  const state = (useActionData() as FormState | undefined) ?? {};
  const t = useT();
  return (
    <div className="narrow">
      <p>
        <Link to="/glossary">{t("glossary.edit.backToGlossary")}</Link>
      </p>
      <h1>{t("glossary.edit.newTitle")}</h1>
      <ConceptForm values={state.values ?? values} errors={state.errors} themes={themes} submitLabel={t("glossary.edit.create")} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
