import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getMember } from "../auth/guards.server";
import { savedKindLabel } from "../domain/saved";
import { pageTitle } from "../i18n/meta";
import { useI18n } from "../i18n/react";
import { offlineManifest } from "../models/offline.server";
import { parseForm } from "../utils/forms";
import { siteOrigin } from "../utils/mail.server";

export const meta = pageTitle("offline.title");

/**
 * The page the service worker shows offline for any address it has no copy of, and keeps at
 * each sync: what is kept on this device, with links to the items' own addresses (which the
 * worker answers with their copies). No script: a page served from the cache must not start
 * the app for another address. Signed out, it only says that the device is offline.
 */
export const handle = { scripts: false };

export async function loader(args: LoaderFunctionArgs) {
  const member = await getMember(args);
  if (!member) return json({ signedIn: false, kept: [], notKept: [] });
  const manifest = await offlineManifest(args.context.db, { member, origin: siteOrigin(args.request) });
  const view = manifest.items.map((item) => ({
    key: item.key,
    kind: item.kind,
    title: item.title,
    href: item.aliases[0] ?? "/",
    files: item.urls.filter((u) => u.as === "file" && u.url.includes("/download/")).map((u) => ({ url: u.url, format: u.url.includes("/epub") ? "EPUB" : "PDF" })),
  }));
  return json({ signedIn: true, kept: view.filter((_, i) => manifest.items[i]!.kept), notKept: view.filter((_, i) => !manifest.items[i]!.kept) });
}

const OfflineIntent = /* @__PURE__ */ (() => z.object({ intent: z.enum(["remove", "keep"]) }))();

/**
 * "Remove all offline copies" and "Keep offline copies" (settings). The service worker does
 * the work on this device when it sees the form go by; the server has nothing to keep, and
 * sends the member back to their settings. Clearing a browser's own cache needs no session
 * (signed out, there is nothing left to clear), but the enrolment rule still applies.
 */
export async function action(args: ActionFunctionArgs) {
  const member = await getMember(args);
  const parsed = parseForm(OfflineIntent, await args.request.formData());
  if (!parsed.ok) return json({ errors: parsed.errors }, { status: 400 });
  const headers: HeadersInit = parsed.data.intent === "remove" ? { "Clear-Site-Data": '"cache"' } : {};
  return redirect(member ? "/settings#offline" : "/login", { status: 303, headers });
}

export default function OfflinePage() {
  const { signedIn, kept, notKept } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <>
      <h1>{t("offline.title")}</h1>
      <p>{t("offline.youAreOffline")}</p>
      {signedIn ? (
        <>
          <p>{t("offline.intro")}</p>
          {kept.length ? (
            <>
              <h2>{t("offline.kept")}</h2>
              <ul className="offline-list">
                {kept.map((item) => (
                  <li key={item.key}>
                    <a href={item.href}>{item.title}</a> <span className="muted">{t(savedKindLabel(item.kind))}</span>
                    {item.files.map((file) => (
                      <span key={file.url}>
                        {" · "}
                        <a href={file.url}>{file.format}</a>
                      </span>
                    ))}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>{t("offline.none")}</p>
          )}
          {notKept.length ? (
            <>
              <h2>{t("offline.notKept")}</h2>
              <p>{t("offline.overBudget")}</p>
              <ul>
                {notKept.map((item) => (
                  <li key={item.key}>{item.title}</li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </>
  );
}
