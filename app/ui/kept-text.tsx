import { useRouteLoaderData } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import { useI18n } from "../i18n/react";

/**
 * What a member types is kept in this browser (localStorage) until it is saved, so a lost
 * connection or a closed tab loses nothing. Each key names the member, so two members on one
 * phone never see each other's text, and signing out removes every key. Nothing is sent.
 */
const PREFIX = "px-kept:";

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null;
  }
}

/** Removes every text this app kept (on sign-out). */
export function clearKeptText() {
  const store = storage();
  if (!store) return;
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key?.startsWith(PREFIX)) keys.push(key);
  }
  for (const key of keys) store.removeItem(key);
}

type Field = HTMLInputElement | HTMLTextAreaElement;

function fieldsOf(form: HTMLFormElement, names: readonly string[]): [string, Field][] {
  return names.flatMap((name) => {
    const el = form.elements.namedItem(name);
    return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? [[name, el] as [string, Field]] : [];
  });
}

/**
 * Keeps the text fields `names` of the form in `formRef` under `id` (one id per form and
 * page). Returns whether something was put back, and `clear` for when it has been saved.
 */
export function useKeptText(formRef: RefObject<HTMLFormElement>, id: string, names: readonly string[]) {
  const root = useRouteLoaderData("root") as { member?: { id: number } | null } | undefined;
  const memberId = root?.member?.id;
  const key = memberId ? `${PREFIX}${memberId}:${id}` : null;
  const [restored, setRestored] = useState(false);
  const namesRef = useRef(names);
  namesRef.current = names;

  useEffect(() => {
    const form = formRef.current;
    const store = storage();
    if (!form || !store || !key) return;
    let kept: Record<string, string> = {};
    try {
      kept = JSON.parse(store.getItem(key) ?? "{}") as Record<string, string>;
    } catch {
      store.removeItem(key);
    }
    let any = false;
    for (const [name, el] of fieldsOf(form, namesRef.current)) {
      const text = kept[name];
      // Only into an empty field or one still holding what the server gave.
      if (typeof text === "string" && text !== el.value && (el.value === "" || el.value === el.defaultValue)) {
        el.value = text;
        any = true;
      }
    }
    setRestored(any);
    const onInput = () => {
      const values = Object.fromEntries(fieldsOf(form, namesRef.current).map(([name, el]) => [name, el.value]));
      try {
        store.setItem(key, JSON.stringify(values));
      } catch {
        // Storage full or refused: the form still works.
      }
    };
    form.addEventListener("input", onInput);
    return () => form.removeEventListener("input", onInput);
  }, [formRef, key]);

  const clear = useCallback(() => {
    if (key) storage()?.removeItem(key);
    setRestored(false);
  }, [key]);

  const discard = useCallback(() => {
    const form = formRef.current;
    if (form) for (const [, el] of fieldsOf(form, namesRef.current)) el.value = el.defaultValue;
    clear();
  }, [formRef, clear]);

  return { restored, clear, discard };
}

/** "Restored what you typed on this device", with a button to throw it away. */
export function KeptTextNote({ kept }: { kept: { restored: boolean; discard: () => void } }) {
  const { t } = useI18n();
  if (!kept.restored) return null;
  return (
    <p className="notice kept-text" role="status">
      {t("kept.restored")}{" "}
      <button type="button" className="button-secondary" onClick={kept.discard}>
        {t("kept.discard")}
      </button>
    </p>
  );
}
