import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireMember } from "../auth/guards.server";
import { pageTitle } from "../i18n/meta";
import { useT } from "../i18n/react";
import { listNotifications, markRead } from "../models/notification.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { useFormat } from "../ui/format";
import { NotificationText } from "../ui/notification-text";
import { parseForm } from "../utils/forms";
import { notificationsFor } from "../auth/practice-access.server";

export const meta = pageTitle("notifications.title");

const MarkRead = /* @__PURE__ */ (() =>
  z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("read"),
      ids: z
        .string()
        // Ids of at most 15 digits: a longer one is no notification's, and PostgreSQL would refuse it as a bigint.
        .regex(/^\d{1,15}(,\d{1,15})*$/)
        .max(10_000),
    }),
    z.object({ intent: z.literal("readAll") }),
  ]))();

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  return json({ groups: notificationsFor(member, await listNotifications(args.context.db, { userId: member.id })) });
}

export async function action(args: ActionFunctionArgs) {
  const member = await requireMember(args);
  const parsed = parseForm(MarkRead, await args.request.formData());
  if (!parsed.ok) throw new Response("Bad Request", { status: 400 });
  const ids = parsed.data.intent === "read" ? parsed.data.ids.split(",").map(Number) : undefined;
  await markRead(args.context.db, { userId: member.id, ids });
  return redirect("/notifications");
}

export default function NotificationsPage() {
  const { groups } = useLoaderData<typeof loader>();
  const t = useT();
  const format = useFormat();
  const busy = useNavigation().state === "submitting";
  const unread = groups.some((g) => g.unread);
  return (
    <>
      <h1>{t("notifications.title")}</h1>
      {unread ? (
        <Form method="post">
          <button type="submit" name="intent" value="readAll" disabled={busy}>
            {t("notifications.readAll")}
          </button>
        </Form>
      ) : null}
      {groups.length === 0 ? (
        <p className="empty">{t("notifications.none")}</p>
      ) : (
        <ul className="notifications">
          {groups.map((group) => (
            <li key={group.ids[0]} className={group.unread ? "unread" : undefined}>
              <p>
                {group.unread ? <strong className="badge">{t("notifications.new")}</strong> : null} <NotificationText group={group} />
              </p>
              <p className="muted">{format.ago(group.createdAt)}</p>
              {group.unread ? (
                <Form method="post">
                  <input type="hidden" name="ids" value={group.ids.join(",")} />
                  <button type="submit" name="intent" value="read" className="button-link" disabled={busy}>
                    {t("notifications.markRead")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
