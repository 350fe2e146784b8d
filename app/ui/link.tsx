import { useLocation, useNavigate, useSubmit } from "@remix-run/react";
import { useEffect, type AnchorHTMLAttributes } from "react";
import { useT } from "../i18n/react";
import { installResilientSubmits } from "./resilient-form";

// Remix's <Link> and <Form> resolve their targets through the router on every server render
// (a JSON round trip of the route matches each), and a practice page holds sixty links and
// twenty reply forms: a fifth of its rendering time (docs/decisions/0004). Here links are
// plain anchors and enhanced forms plain forms; one listener on the document gives both the
// client-side navigation Remix would, once the page's JavaScript has loaded. Without
// JavaScript they are what they look like: links and forms.

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & {
  /** An absolute path in this site. */
  to: string;
  /** Load the target as a new document (a page without JavaScript, like the print page). */
  reloadDocument?: boolean;
};

export function Link({ to, reloadDocument, children, ...rest }: LinkProps) {
  return (
    <a href={to} data-reload={reloadDocument ? "" : undefined} {...rest}>
      {children}
    </a>
  );
}

/** A link that marks itself as the current page (aria-current), as Remix's NavLink does. */
export function NavLink({ to, end, ...rest }: LinkProps & { end?: boolean }) {
  const { pathname } = useLocation();
  const active = pathname === to || (!end && pathname.startsWith(to.endsWith("/") ? to : `${to}/`));
  return <Link to={to} aria-current={active ? "page" : undefined} className={active ? "active" : undefined} {...rest} />;
}

/** Whether a click is one the browser should keep: new tab, download, another site, a jump in the page. */
function leaveToBrowser(event: MouseEvent, anchor: HTMLAnchorElement) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return true;
  if ((anchor.target && anchor.target !== "_self") || anchor.hasAttribute("download") || anchor.hasAttribute("data-reload")) return true;
  const url = new URL(anchor.href);
  if (url.origin !== window.location.origin) return true;
  return url.pathname === window.location.pathname && url.search === window.location.search && url.hash !== "";
}

/**
 * Once, in the root: same-site links (rendered Markdown included) and forms marked
 * `data-enhance` go through Remix's router instead of loading a new document, and a submit
 * that fails keeps the page (resilient-form.tsx).
 */
export function useEnhancedNavigation() {
  const navigate = useNavigate();
  const submit = useSubmit();
  const t = useT();
  const failed = t("form.submitFailed");
  const retry = t("form.sendAgain");
  useEffect(() => installResilientSubmits({ failed, retry }), [failed, retry]);
  useEffect(() => {
    function onClick(event: MouseEvent) {
      const anchor = event.target instanceof Element ? event.target.closest("a[href]") : null;
      if (!(anchor instanceof HTMLAnchorElement) || leaveToBrowser(event, anchor)) return;
      event.preventDefault();
      const url = new URL(anchor.href);
      navigate(url.pathname + url.search + url.hash);
    }
    function onSubmit(event: SubmitEvent) {
      const form = event.target;
      if (event.defaultPrevented || !(form instanceof HTMLFormElement) || !form.hasAttribute("data-enhance")) return;
      event.preventDefault();
      const submitter = event.submitter;
      submit(submitter instanceof HTMLButtonElement || submitter instanceof HTMLInputElement ? submitter : form);
    }
    document.addEventListener("click", onClick);
    document.addEventListener("submit", onSubmit);
    return () => {
      document.removeEventListener("click", onClick);
      document.removeEventListener("submit", onSubmit);
    };
  }, [navigate, submit]);
}
