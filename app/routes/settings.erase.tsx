import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useNavigation } from "@remix-run/react";
import { Link } from "../ui/link";
import { z } from "zod";
import { requireMember } from "../auth/guards.server";
import { verifyPassword } from "../auth/password.server";
import { blankSessionCookie } from "../auth/session.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { eraseMember } from "../models/account.server";
import { recordAudit } from "../models/audit.server";
import { getPasswordHash } from "../models/user.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { ErrorSummary, Field, useFormState, valueOf } from "../ui/forms";
import { parseForm } from "../utils/forms";
import { inTransaction } from "../server/database.server";

export const meta = pageTitle("settings.title");

const EraseSchema = /* @__PURE__ */ (() =>
  z.object({
    password: z.string({ error: "validation.required" }).min(1, "validation.required").max(200, "validation.tooLong"),
    confirm: z.literal("yes", { error: "erase.confirmRequired" }),
    deleteComments: z.literal("on").optional(),
  }))();

export async function loader(args: LoaderFunctionArgs) {
  await requireMember(args);
  return json({});
}

export async function action(args: ActionFunctionArgs) {
  const member = await requireMember(args);
  const { request, context } = args;
  const parsed = parseForm(EraseSchema, await request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const hash = await getPasswordHash(context.db, { id: member.id });
  if (!hash || !(await verifyPassword(hash, parsed.data.password))) {
    return json({ errors: { password: { key: "settings.wrongPassword" } }, values: { deleteComments: parsed.data.deleteComments ?? "" } }, { status: 400 });
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
            <input type="checkbox" name="confirm" value="yes" aria-invalid={state.errors?.confirm ? true : undefined} /> {t("erase.confirm")}
          </label>
          {state.errors?.confirm ? <p className="field-error">{t(state.errors.confirm.key)}</p> : null}
        </div>
        <button type="submit" className="button-danger" disabled={busy}>
          {t("erase.submit")}
        </button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
