import { useT } from "../i18n/react";
import { Field, type FormState } from "./forms";

/** What a sensitive form's loader says (guards.server.ts recentSignInState). */
export interface RecentSignIn {
  needed: boolean;
  code: boolean;
}

/**
 * Inside a sensitive form, when the password was typed more than ten minutes ago: the
 * password (unless the form asks for it anyway) and, for a member with a second factor,
 * a current code. Nothing when the sign-in is recent.
 */
export function RecentSignInFields({ recent, state, passwordInForm = false }: { recent: RecentSignIn; state: FormState; passwordInForm?: boolean }) {
  const t = useT();
  const needsPassword = !passwordInForm;
  if (!recent.needed || (!needsPassword && !recent.code)) return null;
  return (
    <fieldset className="recent-sign-in">
      <legend>{t("recent.legend")}</legend>
      <p className="hint">{t("recent.explain")}</p>
      {needsPassword ? <Field label={t("recent.password")} name="confirmPassword" type="password" required autoComplete="current-password" error={state.errors?.confirmPassword} /> : null}
      {recent.code ? <Field label={t("twoFactor.code")} name="confirmCode" required autoComplete="one-time-code" error={state.errors?.confirmCode} /> : null}
    </fieldset>
  );
}
