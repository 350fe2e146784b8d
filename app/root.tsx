import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useLocation, useMatches, useRouteLoaderData } from "@remix-run/react";
import { Link, NavLink, useEnhancedNavigation } from "./ui/link";
import { Suspense, useEffect, type ReactNode } from "react";
import { getMember } from "./auth/guards.server";
import { can } from "./auth/permissions.server";
import { nativeLanguageNames, pageTitles, requestLocale, requestTimeZone } from "./i18n/locale.server";
import { countUnread } from "./models/notification.server";
import { AWAITING_REVIEW } from "./i18n/locales";
import type { SectionHandle } from "./i18n/sections";
import { useI18n } from "./i18n/react";
import { GeneralErrorBoundary } from "./ui/error-boundary";
import { useNonce } from "./ui/nonce";
import { HydratedMark } from "./ui/format";
import { clearKeptText } from "./ui/kept-text";
import { QuickExit } from "./ui/quick-exit";
import { siteTitle } from "./i18n/meta";
import { configuredQuickExitUrl } from "./utils/quick-exit.server";

export const meta: MetaFunction = siteTitle;

// The icon is linked in Document: discreet mode swaps it for a neutral one.
export const links: LinksFunction = () => [{ rel: "stylesheet", href: "/styles.css" }];
const ICONS = { app: "/favicon.svg", discreet: "/notes.svg" } as const;

export async function loader(args: LoaderFunctionArgs) {
  const [member, locale] = await Promise.all([getMember(args), requestLocale(args)]);
  // The unread count rides along with every page: no extra request for the badge.
  const unread = member ? await countUnread(args.context.db, { userId: member.id }) : 0;
  return json({
    locale,
    titles: pageTitles(locale),
    // Times are written in the member's zone, and "3 hours ago" from this moment, on the
    // server and again while the browser hydrates: the same text on both sides.
    now: Date.now(),
    timeZone: requestTimeZone({ member, request: args.request }),
    // Named by each language's catalogue ("नेपाली", "Монгол", "Chichewa"), on the server.
    languages: nativeLanguageNames(),
    quickExitUrl: configuredQuickExitUrl(),
    // Discreet mode (settings): the tab reads "Notes" (i18n/meta.ts) and shows a neutral icon.
    discreet: Boolean(member?.discreet),
    icon: member?.discreet ? ICONS.discreet : ICONS.app,
    nav: {
      invitations: can(member, "manageInvitations", { organisationId: member?.organisationId ?? 0 }),
      admin: can(member, "administer"),
      moderation: can(member, "curate"),
      unread,
    },
    member: member && {
      id: member.id,
      displayName: member.displayName,
      role: member.role,
      organisationName: member.organisationName,
      organisationSlug: member.organisationSlug,
    },
  });
}

export type RootData = ReturnType<typeof useLoaderData<typeof loader>>;

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

/** A route with `handle = { bare: true }` (the print page) gets no header and no JavaScript. */
function useBare() {
  return useMatches().some((m) => (m.handle as { bare?: boolean } | undefined)?.bare);
}

/**
 * A route with `handle = { scripts: false }` (sign-in and the other form-only pages) ships
 * no JavaScript: its plain forms do everything, and a phone on slow data need not fetch
 * the app's script before it can sign in.
 */
function useScripts() {
  return !useMatches().some((m) => (m.handle as { scripts?: boolean } | undefined)?.scripts === false);
}

/** The catalogue sections the page's routes read (i18n/sections.ts), for entry.client to load before hydrating. */
function useSections() {
  return [...new Set(useMatches().flatMap((m) => (m.handle as Partial<SectionHandle> | undefined)?.catalogues ?? []))].join(" ");
}

function Document({ children, scripts = true }: { children: ReactNode; scripts?: boolean }) {
  const { locale, t } = useI18n();
  const nonce = useNonce();
  const root = useRootData();
  const bare = useBare();
  const sections = useSections();
  return (
    <html lang={locale} data-catalogues={sections || undefined}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        <link rel="icon" href={root?.icon ?? ICONS.app} type="image/svg+xml" />
      </head>
      <body>
        {/* The print page ships no script at all: there it is the plain link. */}
        <QuickExit url={root?.quickExitUrl} script={!bare} />
        <a className="skip-link" href="#main">
          {t("nav.skip")}
        </a>
        {children}
        {scripts ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

/** The site's sections, the same list in the wide header and in the phone's menu. */
function NavItems() {
  const { t } = useI18n();
  const root = useRootData();
  return (
    <ul>
      <li>
        <NavLink to="/" end>
          {t("nav.home")}
        </NavLink>
      </li>
      <li>
        <NavLink to="/practices">{t("nav.practices")}</NavLink>
      </li>
      <li>
        <NavLink to="/handbooks">{t("nav.handbooks")}</NavLink>
      </li>
      <li>
        <NavLink to="/glossary">{t("glossary.title")}</NavLink>
      </li>
      <li>
        <NavLink to="/organisations">{t("nav.organisations")}</NavLink>
      </li>
      {root?.nav.invitations ? (
        <li>
          <NavLink to="/invitations">{t("nav.invitations")}</NavLink>
        </li>
      ) : null}
      {root?.nav.admin ? (
        <li>
          <NavLink to="/admin">{t("nav.admin")}</NavLink>
        </li>
      ) : null}
      {root?.nav.moderation ? (
        <>
          <li>
            <NavLink to="/nominations">{t("nav.nominations")}</NavLink>
          </li>
          <li>
            <NavLink to="/moderation">{t("nav.moderation")}</NavLink>
          </li>
        </>
      ) : null}
      <li>
        <NavLink to="/notifications">{root?.nav.unread ? t("nav.notificationsUnread", { count: root.nav.unread }) : t("nav.notifications")}</NavLink>
      </li>
      <li>
        <NavLink to="/saved">{t("nav.saved")}</NavLink>
      </li>
      <li>
        <NavLink to="/settings">{t("nav.settings")}</NavLink>
      </li>
    </ul>
  );
}

/**
 * One header for every width. On a phone it is a bar of at most 64 px (name, search, unread
 * count, and a <details> menu that opens without JavaScript); on a wide screen the menu's
 * content is laid out in the bar itself (styles.css, `::details-content`), and a browser
 * without that keeps the working menu.
 */
function Header() {
  const { t } = useI18n();
  const root = useRootData();
  const member = root?.member;
  const unread = root?.nav.unread ?? 0;
  return (
    <header className="site-header">
      <Link to="/" className="brand">
        {t("app.name")}
      </Link>
      {member ? (
        <>
          <Link to="/search" className="icon-link phone-only" aria-label={t("search.submit")}>
            <svg aria-hidden="true" viewBox="0 0 24 24" width="24" height="24">
              <circle cx="10" cy="10" r="6.5" fill="none" stroke="currentColor" strokeWidth="2.5" />
              <path d="M15 15l6 6" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
            </svg>
          </Link>
          <Link to="/notifications" className="icon-link phone-only" aria-label={unread ? t("nav.notificationsUnread", { count: unread }) : t("nav.notifications")}>
            <svg aria-hidden="true" viewBox="0 0 24 24" width="24" height="24">
              <path d="M6 17V11a6 6 0 0 1 12 0v6l2 2H4z M10 21h4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
            </svg>
            {unread ? (
              <span className="badge" aria-hidden="true">
                {unread}
              </span>
            ) : null}
          </Link>
          <details className="phone-menu">
            <summary>{t("nav.menu")}</summary>
            <div className="phone-menu-panel">
              <nav aria-label={t("nav.main")}>
                <NavItems />
              </nav>
              <form method="get" action="/search" role="search" className="header-search" data-enhance>
                <label htmlFor="header-search" className="sr-only">
                  {t("search.query")}
                </label>
                <input id="header-search" type="search" name="q" placeholder={t("search.placeholder")} />
                <button type="submit">{t("search.submit")}</button>
              </form>
              <div className="member-menu">
                <Link to={`/members/${member.id}`}>{t("header.member", { name: member.displayName, organisation: member.organisationName })}</Link>
                <form method="post" action="/logout" data-enhance onSubmit={clearKeptText}>
                  <button type="submit" className="button-link">
                    {t("nav.signOut")}
                  </button>
                </form>
              </div>
            </div>
          </details>
        </>
      ) : null}
    </header>
  );
}

/**
 * The catalogue in the browser was loaded for the language the page arrived in; when the
 * member switches language (settings, switcher), the page reloads in the new one.
 */
function useLanguageFollowsRoot() {
  const { locale } = useI18n();
  const rootLocale = useRootData()?.locale;
  useEffect(() => {
    if (rootLocale && rootLocale !== locale) window.location.reload();
  }, [rootLocale, locale]);
}

/**
 * The first guess at a member's time zone is the browser's, remembered in a cookie for the
 * next page (until then, and without JavaScript, the organisation's country decides).
 */
function useTimeZoneFromBrowser() {
  const serverZone = useRootData()?.timeZone;
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone || zone === serverZone || document.cookie.includes(`px_tz=${encodeURIComponent(zone)}`)) return;
    document.cookie = `px_tz=${encodeURIComponent(zone)}; Path=/; Max-Age=31536000; SameSite=Lax`;
  }, [serverZone]);
}

/** On every page, signed in or not, with or without JavaScript. */
function LanguageSwitcher() {
  const { t, locale } = useI18n();
  const root = useRootData();
  const location = useLocation();
  return (
    <footer className="site-footer">
      {/* A new document: the page comes back in the chosen language, catalogue and all. */}
      <form method="post" action="/language" className="language-form">
        <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
        <label htmlFor="language-switcher">{t("language.label")}</label>
        <select id="language-switcher" name="locale" defaultValue={locale}>
          {(root?.languages ?? []).map(({ code, name }) => (
            <option key={code} value={code} lang={code}>
              {name}
              {AWAITING_REVIEW.includes(code) ? ` (${t("language.awaitingReview")})` : ""}
            </option>
          ))}
        </select>
        <button type="submit" className="button-secondary">
          {t("language.change")}
        </button>
      </form>
    </footer>
  );
}

export default function App() {
  const bare = useBare();
  const scripts = useScripts();
  useLanguageFollowsRoot();
  useTimeZoneFromBrowser();
  useEnhancedNavigation();
  if (bare) {
    return (
      <Document scripts={false}>
        <Outlet />
      </Document>
    );
  }
  // Nothing formatted differs between the server and the browser any more (dates, numbers
  // and names come from the catalogue, see useFormat); the boundary stays as a last
  // resort, so a browser extension's stray markup re-renders the body, not the document.
  return (
    <Document scripts={scripts}>
      <Suspense>
        <Header />
        <main id="main" tabIndex={-1}>
          <Outlet />
        </main>
        <LanguageSwitcher />
        <HydratedMark />
      </Suspense>
    </Document>
  );
}

export function ErrorBoundary() {
  return (
    <Document>
      <Header />
      <main id="main" tabIndex={-1}>
        <GeneralErrorBoundary />
      </main>
    </Document>
  );
}
