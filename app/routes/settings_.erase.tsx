import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { Link } from "../ui/link";
import { z } from "zod";
import { checkCurrentPassword, recentSignInState, requireMember, requireRecentSignIn } from "../auth/guards.server";
import { blankSessionCookie } from "../auth/session.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { eraseMember } from "../models/account.server";
import { recordAudit } from "../models/audit.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { ErrorSummary, Field, useFormState, valueOf } from "../ui/forms";
import { parseForm } from "../utils/forms";
import { RecentSignInFields } from "../ui/recent-sign-in";
import { inTransaction } from "../server/database.server";
import { sectionHandle, withSection } from "../i18n/sections";

export const meta = pageTitle("settings.title");
// This page's strings are a catalogue section (app/i18n/sections.ts).
export const handle = sectionHandle("account");
export const clientLoader = withSection("account");

const EraseSchema = /* @__PURE__ */ (() =>
  z.object({
    password: z.string({ error: "validation.required" }).min(1, "validation.required").max(200, "validation.tooLong"),
    confirm: z.literal("yes", { error: "erase.confirmRequired" }),
    deleteComments: z.literal("on").optional(),
  }))();

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  return json({ recentSignIn: recentSignInState(member) });
}

export async function action(args: ActionFunctionArgs) {
  const member = await requireMember(args);
  const { request, context } = args;
  const formData = await request.formData();
  const parsed = parseForm(EraseSchema, formData);
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const checked = await checkCurrentPassword(args, member, parsed.data.password);
  if (!checked.ok) return json({ errors: checked.errors, values: { deleteComments: parsed.data.deleteComments ?? "", confirm: parsed.data.confirm } }, { status: checked.status });
  // The password was just typed: a stale session is asked only for its code.
  const confirmed = await requireRecentSignIn(args, member, formData, { passwordChecked: true });
  if (!confirmed.ok) {
    return json(
      { errors: confirmed.errors, formError: { key: "recent.needed" as const }, values: { deleteComments: parsed.data.deleteComments ?? "", confirm: parsed.data.confirm } },
      { status: confirmed.status },
    );
  }
  const deleteComments = parsed.data.deleteComments === "on";
  await inTransaction(context.db, async (trx) => {
    const erased = await eraseMember(trx, { userId: member.id, deleteComments });
    // Recorded without the erased data: no name, no e-mail, no address.
    await recordAudit(trx, {
      actorId: member.id,
      action: "member.erased",
      targetType: "user",
      targetId: member.id,
      detail: { deleteComments, practices: erased.practices, comments: erased.comments },
    });
  });
  return redirect("/login", { headers: { "Set-Cookie": blankSessionCookie(request) } });
}

export default function ErasePage() {
  const { recentSignIn } = useLoaderData<typeof loader>();
  const t = useT();
  const state = useFormState();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="narrow">
      <p>
        <Link to="/settings">{t("erase.back")}</Link>
      </p>
      <h1>{t("erase.title")}</h1>
      <p>{t("erase.explain")}</p>
      <Form method="post" noValidate>
        <ErrorSummary state={state} />
        <Field label={t("settings.currentPassword")} name="password" type="password" required autoComplete="current-password" error={state.errors?.password} />
        <div className="field">
          <label>
            <input type="checkbox" name="deleteComments" defaultChecked={valueOf(state, "deleteComments") === "on"} /> {t("erase.deleteComments")}
          </label>
        </div>
        <div className="field">
          <label>
            <input type="checkbox" name="confirm" value="yes" defaultChecked={valueOf(state, "confirm") === "yes"} aria-invalid={state.errors?.confirm ? true : undefined} /> {t("erase.confirm")}
          </label>
          {state.errors?.confirm ? <p className="field-error">{t(state.errors.confirm.key)}</p> : null}
        </div>
        <RecentSignInFields recent={recentSignIn} state={state} passwordInForm />
        <button type="submit" className="button-danger" disabled={busy}>
          {t("erase.submit")}
        </button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
