import { useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useT } from "../i18n/react";
import { Link } from "./link";

type Props = ({ kind: "practice"; practiceId: number } | { kind: "handbook"; handbookId: number }) & { saved: boolean };

/**
 * "Save for later" on a practice or a handbook edition. A plain form posting to /saved,
 * which sends the member back here; once the page runs JavaScript it goes through a fetcher
 * instead (asking for JSON, so the page stays where it is) and shows the new state at once.
 */
export function SaveButton(props: Props) {
  const t = useT();
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const { pathname, search } = useLocation();
  // Only the hydrated page asks for JSON; without JavaScript the action answers with a redirect.
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);
  const pending = fetcher.formData?.get("intent");
  const full = fetcher.state === "idle" && fetcher.data?.error === "full";
  const saved = pending ? pending === "save" : full ? false : props.saved;
  const id = props.kind === "practice" ? { name: "practiceId", value: props.practiceId } : { name: "handbookId", value: props.handbookId };
  return (
    <fetcher.Form method="post" action="/saved" className="inline-form save-button">
      <input type="hidden" name={id.name} value={id.value} />
      <input type="hidden" name="redirectTo" value={pathname + search} />
      {enhanced ? <input type="hidden" name="respond" value="json" /> : null}
      {/* One button that changes, so focus stays on it. */}
      <button type="submit" name="intent" value={saved ? "unsave" : "save"} className="button-secondary">
        {saved ? t("saved.unsave") : t("saved.save")}
      </button>{" "}
      <span role="status">
        {saved ? <Link to="/saved">{t("saved.inSaved")}</Link> : null}
        {full ? (
          <>
            {t("saved.fullShort")} <Link to="/saved">{t("saved.title")}</Link>
          </>
        ) : null}
      </span>
    </fetcher.Form>
  );
}
