import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { recentSignInState, requireMember, requireRecentSignIn, safeRedirect } from "../auth/guards.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { ErrorSummary, useFormState, valueOf } from "../ui/forms";
import { Link } from "../ui/link";
import { RecentSignInFields } from "../ui/recent-sign-in";
import { sectionHandle, withSection } from "../i18n/sections";

export const meta = pageTitle("recent.title");
export const handle = { scripts: false, ...sectionHandle("account") };
export const clientLoader = withSection("account");

const Query = /* @__PURE__ */ (() => z.object({ redirectTo: z.string().max(2000).optional() }))();

/**
 * Recent sign-in for what is not a form of its own, the two exports (a download link):
 * their loaders send a stale session here, and the password (and code) send it back.
 */
export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  const query = Query.safeParse(Object.fromEntries(new URL(args.request.url).searchParams));
  const redirectTo = safeRedirect(query.success ? query.data.redirectTo : undefined, "/settings");
  const recent = recentSignInState(member);
  return json({ recent: { ...recent, needed: true }, redirectTo });
}

export async function action(args: ActionFunctionArgs) {
  const member = await requireMember(args);
  const form = await args.request.formData();
  const redirectTo = safeRedirect(form.get("redirectTo"), "/settings");
  // Asked for here even when recent: this page exists only to confirm.
  const confirmed = await requireRecentSignIn(args, { ...member, confirmedAt: 0 }, form);
  if (!confirmed.ok) return json({ errors: confirmed.errors, values: { redirectTo } }, { status: confirmed.status });
  return redirect(redirectTo);
}

export default function ConfirmSignInPage() {
  const { recent, redirectTo } = useLoaderData<typeof loader>();
  const t = useT();
  const state = useFormState();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="narrow">
      <p>
        <Link to="/settings">{t("twoFactor.back")}</Link>
      </p>
      <h1>{t("recent.title")}</h1>
      <Form method="post" noValidate>
        <ErrorSummary state={state} />
        <input type="hidden" name="redirectTo" value={valueOf(state, "redirectTo") ?? redirectTo} />
        <RecentSignInFields recent={recent} state={state} />
        <button type="submit" disabled={busy}>
          {t("recent.continue")}
        </button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
