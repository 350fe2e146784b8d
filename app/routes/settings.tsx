import type { Db } from "../../db/client";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Link } from "../ui/link";
import { z } from "zod";
import { checkCurrentPassword, recentSignInState, requireMember, requireRecentSignIn } from "../auth/guards.server";
import { hashPassword } from "../auth/password.server";
import { notFound } from "../auth/permissions.server";
import { blankSessionCookie, invalidateUserSessions } from "../auth/session.server";
import { isTimeZone } from "../i18n/format";
import { countryOptions, LOCALE_COOKIE, requestLocale, requestTimeZone } from "../i18n/locale.server";
import { LOCALES } from "../i18n/locales";
import { pageTitle } from "../i18n/meta";
import { useI18n } from "../i18n/react";
import { recordAudit } from "../models/audit.server";
import { changeEmail, changePassword, deleteUserSession, getCreditPreference, listUserSessions, setDiscreetMode, updateProfile } from "../models/user.server";
import { GeneralErrorBoundary } from "../ui/error-boundary";
import { ErrorSummary, Field, SelectField, useFormState, valueOf, type FormState } from "../ui/forms";
import { useFormat } from "../ui/format";
import { TIME_ZONE_CHOICES } from "../utils/countries";
import { emailField, formValues, MIN_PASSWORD_LENGTH, newPasswordField, parseForm, requiredText } from "../utils/forms";
import { RecentSignInFields } from "../ui/recent-sign-in";
import { OfflineSettings } from "../ui/offline-settings";
import { inTransaction } from "../server/database.server";
import { DIGEST_FREQUENCIES } from "../domain/digest";
import { followableCountries, getDigestFrequency, listTopicFollows, setDigestFrequency, setTopicFollows } from "../models/digest.server";
import { listThemes } from "../models/practice.server";
import { DigestSettings } from "../ui/digest-settings";
import { sectionHandle, withSection } from "../i18n/sections";

export const meta = pageTitle("settings.title");
// This page's strings are a catalogue section (app/i18n/sections.ts).
export const handle = sectionHandle("account");
export const clientLoader = withSection("account");

const SettingsIntent = /* @__PURE__ */ (() =>
  z.discriminatedUnion("intent", [
    z.object({
      intent: z.literal("profile"),
      displayName: requiredText(100),
      locale: z.union([z.enum(LOCALES), z.literal("")], { error: "validation.required" }),
      timeZone: z.union([z.literal(""), z.string().refine(isTimeZone)], { error: "validation.required" }).default(""),
      creditByOrganisationOnly: z.literal("on").optional(),
    }),
    z.object({ intent: z.literal("email"), email: emailField }),
    z.object({
      intent: z.literal("password"),
      currentPassword: z.string({ error: "validation.required" }).min(1, "validation.required").max(200, "validation.tooLong"),
      newPassword: newPasswordField(MIN_PASSWORD_LENGTH),
    }),
    z.object({ intent: z.literal("revokeSession"), sessionId: z.string().regex(/^[0-9a-f]{64}$/) }),
    z.object({ intent: z.literal("revokeOthers") }),
    z.object({ intent: z.literal("discreet"), discreet: z.enum(["on", "off"], { error: "validation.required" }) }),
    z.object({
      intent: z.literal("digest"),
      frequency: z.enum(DIGEST_FREQUENCIES, { error: "validation.required" }),
      themes: z.array(z.string().max(40)).max(100).default([]),
      countries: z.array(z.string().max(2)).max(300).default([]),
    }),
  ]))();

export async function loader(args: LoaderFunctionArgs) {
  const member = await requireMember(args);
  const [sessions, creditByOrganisationOnly, digestFrequency, follows, themes, followable, locale] = await Promise.all([
    listUserSessions(args.context.db, { userId: member.id }),
    getCreditPreference(args.context.db, { id: member.id }),
    getDigestFrequency(args.context.db, { userId: member.id }),
    listTopicFollows(args.context.db, { userId: member.id }),
    listThemes(args.context.db),
    followableCountries(args.context.db, { reader: member }),
    requestLocale(args),
  ]);
  const offered = new Set(followable);
  return json({
    profile: { displayName: member.displayName, locale: member.locale ?? "", timeZone: member.timeZone ?? "", email: member.email, creditByOrganisationOnly },
    // What "automatic" means for this member now, and the zones to choose from.
    guessedTimeZone: requestTimeZone({ member: { ...member, timeZone: null }, request: args.request }),
    timeZones: [...new Set([...TIME_ZONE_CHOICES, ...(member.timeZone ? [member.timeZone] : [])])],
    sessions: sessions.map(({ id, ...s }) => ({ ...s, id, current: id === member.sessionId })),
    discreet: member.discreet,
    minPassword: MIN_PASSWORD_LENGTH,
    twoFactorEnrolled: member.twoFactorEnrolled,
    // Changing the e-mail address or the password asks for the password (and code) again when it is stale.
    recentSignIn: recentSignInState(member),
    digest: { ...digestFrequency, follows, themes, countries: countryOptions(locale).filter((c) => offered.has(c.code)) },
  });
}

export async function action(args: ActionFunctionArgs) {
  const member = await requireMember(args);
  const { request, context } = args;
  const formData = await request.formData();
  const parsed = parseForm(SettingsIntent, formData, { arrays: ["themes", "countries"] });
  const intent = String(formData.get("intent") ?? "");
  if (!parsed.ok) return json({ intent, errors: parsed.errors, values: parsed.values }, { status: 400 });
  const input = parsed.data;
  const audit = (on: Db, action: Parameters<typeof recordAudit>[1]["action"], detail?: Record<string, unknown>) =>
    recordAudit(on, { actorId: member.id, action, targetType: "user", targetId: member.id, detail, ip: context.clientIp });

  switch (input.intent) {
    case "profile": {
      await inTransaction(context.db, async (trx) => {
        await updateProfile(trx, {
          id: member.id,
          displayName: input.displayName,
          locale: input.locale || null,
          timeZone: input.timeZone || null,
          creditByOrganisationOnly: input.creditByOrganisationOnly === "on",
        });
        await audit(trx, "member.profile_updated");
      });
      // The device remembers the choice too: signing in again here keeps this language.
      const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
      const cookie = input.locale ? `${LOCALE_COOKIE}=${input.locale}; Path=/; Max-Age=31536000; SameSite=Lax${secure}` : `${LOCALE_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax${secure}`;
      return redirect("/settings?saved=profile", { headers: { "Set-Cookie": cookie } });
    }
    case "email": {
      const confirmed = await requireRecentSignIn(args, member, formData);
      const values = formValues(formData, { omit: ["confirmPassword", "confirmCode"] });
      if (!confirmed.ok) return json({ intent, errors: confirmed.errors, formError: { key: "recent.needed" as const }, values }, { status: confirmed.status });
      const changed = await inTransaction(context.db, async (trx) => {
        if (!(await changeEmail(trx, { id: member.id, email: input.email }))) return false;
        await audit(trx, "member.email_changed");
        return true;
      });
      if (!changed) return json({ intent, errors: { email: { key: "settings.emailTaken" } }, values }, { status: 400 });
      return redirect("/settings?saved=email");
    }
    case "password": {
      const checked = await checkCurrentPassword(args, member, input.currentPassword, "currentPassword");
      if (!checked.ok) return json({ intent, errors: checked.errors, values: {} }, { status: checked.status });
      // The current password was just typed: a stale session is asked only for its code.
      const confirmed = await requireRecentSignIn(args, member, formData, { passwordChecked: true });
      if (!confirmed.ok) return json({ intent, errors: confirmed.errors, formError: { key: "recent.needed" as const }, values: {} }, { status: confirmed.status });
      const passwordHash = await hashPassword(input.newPassword);
      await inTransaction(context.db, async (trx) => {
        await changePassword(trx, { id: member.id, passwordHash, keepSessionId: member.sessionId });
        await recordAudit(trx, { actorId: member.id, action: "password.changed", targetType: "user", targetId: member.id, ip: context.clientIp });
      });
      return redirect("/settings?saved=password");
    }
    case "revokeSession": {
      const { sessionId } = input;
      const revoked = await inTransaction(context.db, async (trx) => {
        if (!(await deleteUserSession(trx, { userId: member.id, sessionId }))) return false;
        await audit(trx, "session.revoked", { scope: sessionId === member.sessionId ? "current" : "one" });
        return true;
      });
      if (!revoked) notFound();
      if (input.sessionId === member.sessionId) {
        return redirect("/login", { headers: { "Set-Cookie": blankSessionCookie(request) } });
      }
      return redirect("/settings?saved=sessions");
    }
    case "revokeOthers": {
      await inTransaction(context.db, async (trx) => {
        await invalidateUserSessions(trx, { userId: member.id, exceptSessionId: member.sessionId });
        await audit(trx, "session.revoked", { scope: "others" });
      });
      return redirect("/settings?saved=sessions");
    }
    case "discreet": {
      // Not audited: a record that a member hides the forum's name would itself say something about them.
      await setDiscreetMode(context.db, { id: member.id, discreet: input.discreet === "on" });
      return redirect("/settings?saved=discreet");
    }
    case "digest": {
      await inTransaction(context.db, async (trx) => {
        await setDigestFrequency(trx, { userId: member.id, frequency: input.frequency });
        await setTopicFollows(trx, { userId: member.id, themes: input.themes, countries: input.countries });
        // What a member follows stays out of the log: only how often.
        await audit(trx, "digest.changed", { frequency: input.frequency });
      });
      return redirect("/settings?saved=digest");
    }
  }
}

function useSectionState(intent: string): FormState {
  const state = useFormState();
  const data = useActionData() as { intent?: string } | undefined;
  return data?.intent === intent ? state : {};
}

const SAVED_MESSAGES = {
  profile: "settings.savedProfile",
  password: "settings.savedPassword",
  email: "settings.savedEmail",
  sessions: "settings.savedSessions",
  discreet: "settings.savedDiscreet",
  digest: "settings.savedDigest",
} as const;

function SavedNotice() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const saved = params.get("saved");
  if (!saved || !Object.hasOwn(SAVED_MESSAGES, saved)) return null;
  return (
    <p className="notice" role="status">
      {t(SAVED_MESSAGES[saved as keyof typeof SAVED_MESSAGES])}
    </p>
  );
}

const zoneLabel = (zone: string) => zone.replace(/_/g, " ");

export default function SettingsPage() {
  const { profile, sessions, minPassword, guessedTimeZone, timeZones, discreet, twoFactorEnrolled, recentSignIn, digest } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const format = useFormat();
  const busy = useNavigation().state === "submitting";
  const profileState = useSectionState("profile");
  const passwordState = useSectionState("password");
  const emailState = useSectionState("email");
  const discreetState = useSectionState("discreet");
  const digestState = useSectionState("digest");
  return (
    <>
      <h1>{t("settings.title")}</h1>
      <SavedNotice />

      <section aria-labelledby="profile-heading">
        <h2 id="profile-heading">{t("settings.profile")}</h2>
        <Form method="post" noValidate>
          <ErrorSummary state={profileState} />
          <input type="hidden" name="intent" value="profile" />
          <p>{t("settings.emailIs", { email: profile.email })}</p>
          <Field
            label={t("settings.displayName")}
            name="displayName"
            required
            autoComplete="name"
            defaultValue={valueOf(profileState, "displayName") ?? profile.displayName}
            error={profileState.errors?.displayName}
          />
          <SelectField
            label={t("settings.language")}
            name="locale"
            options={[{ value: "", label: t("settings.browserLanguage") }, ...LOCALES.map((l) => ({ value: l, label: format.language(l) }))]}
            defaultValue={valueOf(profileState, "locale") ?? profile.locale}
            error={profileState.errors?.locale}
          />
          <SelectField
            label={t("settings.timeZone")}
            name="timeZone"
            hint={t("settings.timeZoneHint")}
            options={[{ value: "", label: t("settings.timeZoneAuto", { zone: zoneLabel(guessedTimeZone) }) }, ...timeZones.map((zone) => ({ value: zone, label: zoneLabel(zone) }))]}
            defaultValue={valueOf(profileState, "timeZone") ?? profile.timeZone}
            error={profileState.errors?.timeZone}
          />
          <div className="field">
            <label>
              <input type="checkbox" name="creditByOrganisationOnly" defaultChecked={profile.creditByOrganisationOnly} /> {t("settings.creditByOrganisation")}
            </label>
          </div>
          <button type="submit" disabled={busy}>
            {t("settings.saveProfile")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="email-heading">
        <h2 id="email-heading">{t("settings.emailHeading")}</h2>
        <Form method="post" noValidate>
          <ErrorSummary state={emailState} />
          <input type="hidden" name="intent" value="email" />
          <Field label={t("settings.newEmail")} name="email" type="email" required autoComplete="email" defaultValue={valueOf(emailState, "email") ?? profile.email} error={emailState.errors?.email} />
          <RecentSignInFields recent={recentSignIn} state={emailState} />
          <button type="submit" disabled={busy}>
            {t("settings.changeEmail")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="password-heading">
        <h2 id="password-heading">{t("settings.password")}</h2>
        <Form method="post" noValidate>
          <ErrorSummary state={passwordState} />
          <input type="hidden" name="intent" value="password" />
          <Field label={t("settings.currentPassword")} name="currentPassword" type="password" required autoComplete="current-password" error={passwordState.errors?.currentPassword} />
          <Field
            label={t("settings.newPassword")}
            name="newPassword"
            type="password"
            required
            autoComplete="new-password"
            hint={t("settings.newPasswordHint", { min: minPassword })}
            error={passwordState.errors?.newPassword}
          />
          <RecentSignInFields recent={recentSignIn} state={passwordState} passwordInForm />
          <button type="submit" disabled={busy}>
            {t("settings.changePassword")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="discreet-heading">
        <h2 id="discreet-heading">{t("settings.discreet")}</h2>
        <p>{t("settings.discreetExplain")}</p>
        <p>{t("settings.quickExitHint")}</p>
        <Form method="post">
          <ErrorSummary state={discreetState} />
          <input type="hidden" name="intent" value="discreet" />
          <p>
            <strong>{t(discreet ? "settings.discreetIsOn" : "settings.discreetIsOff")}</strong>
          </p>
          <button type="submit" name="discreet" value={discreet ? "off" : "on"} disabled={busy}>
            {t(discreet ? "settings.discreetTurnOff" : "settings.discreetTurnOn")}
          </button>
        </Form>
      </section>

      <DigestSettings digest={digest} state={digestState} busy={busy} />

      <OfflineSettings />

      <section aria-labelledby="two-factor-heading">
        <h2 id="two-factor-heading">{t("twoFactor.title")}</h2>
        <p>{twoFactorEnrolled ? t("twoFactor.enabled") : t("twoFactor.optionalExplain")}</p>
        <p>
          <Link to="/settings/two-factor">{twoFactorEnrolled ? t("twoFactor.manage") : t("twoFactor.setUp")}</Link>
        </p>
      </section>

      <section aria-labelledby="data-heading">
        <h2 id="data-heading">{t("settings.myData")}</h2>
        <p>{t("settings.myDataExplain")}</p>
        <p className="button-row">
          <a href="/settings/export" className="button button-secondary">
            {t("settings.exportData")}
          </a>
          <Link to="/settings/erase" className="button button-danger">
            {t("settings.eraseAccount")}
          </Link>
        </p>
      </section>

      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t("settings.sessions")}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("settings.device")}</th>
                <th scope="col">{t("settings.lastSeen")}</th>
                <th scope="col">{t("settings.started")}</th>
                <th scope="col">{t("settings.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((session) => (
                <tr key={session.id}>
                  <td>
                    {session.userAgent || t("settings.unknownDevice")}
                    {session.current ? <strong> ({t("settings.thisDevice")})</strong> : null}
                  </td>
                  <td>{format.dateTime(session.lastSeenAt)}</td>
                  <td>{format.dateTime(session.createdAt)}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="sessionId" value={session.id} />
                      <button type="submit" name="intent" value="revokeSession" className="button-secondary">
                        {t("settings.signOutSession")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {sessions.length > 1 ? (
          <Form method="post">
            <button type="submit" name="intent" value="revokeOthers">
              {t("settings.signOutOthers")}
            </button>
          </Form>
        ) : null}
      </section>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
