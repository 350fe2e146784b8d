import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import type { MessageKey } from "../i18n";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { recordAudit } from "../models/audit.server";
import { setDigestFrequency, verifyUnsubscribeToken } from "../models/digest.server";
import { inTransaction } from "../server/database.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { Link } from "../ui/link";
import { parseForm } from "../utils/forms";
import { sectionHandle, withSection } from "../i18n/sections";

export const meta = pageTitle("unsubscribe.title");

/** A plain form: it must work from any mail client's browser, with or without JavaScript. */
export const handle = { scripts: false, ...sectionHandle("account") };
export const clientLoader = withSection("account");

const TokenParams = /* @__PURE__ */ (() => z.object({ token: z.string().min(1).max(100) }))();

/**
 * The button's own form sends `intent`; a mail client's one-click POST (RFC 8058) sends only
 * `List-Unsubscribe=One-Click`, which stops the e-mail too.
 */
const UnsubscribeForm = /* @__PURE__ */ (() =>
  z.object({
    intent: z.enum(["unsubscribe", "resubscribe"]).default("unsubscribe"),
    "List-Unsubscribe": z.literal("One-Click").optional(),
  }))();

/** The signed link is the permission: no session is needed, and it can do nothing but this. */
async function memberOfLink({ params, context }: LoaderFunctionArgs) {
  const parsed = TokenParams.safeParse(params);
  if (!parsed.success) return null;
  return verifyUnsubscribeToken(context.db, parsed.data.token);
}

const invalid = () => json({ state: "invalid" as const }, { status: 404 });

// GET changes nothing: link scanners and previews open links before the member does.
export async function loader(args: LoaderFunctionArgs) {
  const userId = await memberOfLink(args);
  if (userId === null) return invalid();
  return json({ state: "confirm" as const });
}

export async function action(args: ActionFunctionArgs) {
  const { request, context } = args;
  const userId = await memberOfLink(args);
  if (userId === null) return invalid();
  const parsed = parseForm(UnsubscribeForm, await request.formData());
  if (!parsed.ok) return json({ state: "confirm" as const }, { status: 400 });
  const { intent } = parsed.data;
  await inTransaction(context.db, async (trx) => {
    await setDigestFrequency(trx, { userId, frequency: intent === "unsubscribe" ? "never" : "weekly" });
    await recordAudit(trx, {
      actorId: userId,
      action: intent === "unsubscribe" ? "digest.unsubscribed" : "digest.resubscribed",
      targetType: "user",
      targetId: userId,
      detail: { oneClick: parsed.data["List-Unsubscribe"] === "One-Click" },
      ip: context.clientIp,
    });
  });
  return json({ state: intent === "unsubscribe" ? ("unsubscribed" as const) : ("resubscribed" as const) });
}

export default function UnsubscribePage() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const t = useT();
  const state = acted?.state ?? loaded.state;
  if (state === "invalid") {
    return (
      <div className="narrow">
        <h1>{t("unsubscribe.invalidTitle")}</h1>
        <p>{t("unsubscribe.invalidExplain")}</p>
        <p>
          <Link to="/settings">{t("unsubscribe.settings")}</Link>
        </p>
      </div>
    );
  }
  const step = STEPS[state];
  return (
    <div className="narrow">
      <h1>{t(step.title)}</h1>
      <p role={state === "confirm" ? undefined : "status"}>{t(step.explain)}</p>
      <Form method="post">
        <button type="submit" name="intent" value={step.intent} className={state === "confirm" ? undefined : "button-secondary"}>
          {t(step.button)}
        </button>
      </Form>
    </div>
  );
}

/** Each state's words, and the one button: the way back from what was just done. */
const STEPS = {
  confirm: { title: "unsubscribe.title", explain: "unsubscribe.explain", intent: "unsubscribe", button: "unsubscribe.confirm" },
  unsubscribed: { title: "unsubscribe.doneTitle", explain: "unsubscribe.doneExplain", intent: "resubscribe", button: "unsubscribe.resubscribe" },
  resubscribed: { title: "unsubscribe.resubscribedTitle", explain: "unsubscribe.resubscribedExplain", intent: "unsubscribe", button: "unsubscribe.confirm" },
} as const satisfies Record<string, { title: MessageKey; explain: MessageKey; intent: "unsubscribe" | "resubscribe"; button: MessageKey }>;

export const ErrorBoundary = GeneralErrorBoundary;
