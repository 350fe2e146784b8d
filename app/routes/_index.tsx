import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireMember } from "../auth/guards.server";
import { requirePermission } from "../auth/permissions.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";

export const meta = pageTitle("home.title");

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  requirePermission(member, "read");
  return json({ displayName: member.displayName, organisationName: member.organisationName });
}

export default function HomePage() {
  const { displayName, organisationName } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("home.welcome", { name: displayName })}</h1>
      <p>{t("home.intro", { organisation: organisationName })}</p>
    </>
  );
}
