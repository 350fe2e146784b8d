import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useLocation, useMatches, useRouteLoaderData } from "@remix-run/react";
import { Link, NavLink, useEnhancedNavigation } from "./ui/link";
import { Suspense, useEffect, type ReactNode } from "react";
import { getMember } from "./auth/guards.server";
import { can } from "./auth/permissions.server";
import { nativeLanguageNames, pageTitles, requestLocale } from "./i18n/locale.server";
import { countUnread } from "./models/notification.server";
import { AWAITING_REVIEW } from "./i18n/locales";
import { useI18n } from "./i18n/react";
import { GeneralErrorBoundary } from "./ui/error-boundary";
import { useNonce } from "./ui/nonce";

export const meta: MetaFunction = () => [{ title: "Practice Exchange" }];

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles.css" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader(args: LoaderFunctionArgs) {
  const [member, locale] = await Promise.all([getMember(args), requestLocale(args)]);
  // The unread count rides along with every page: no extra request for the badge.
  const unread = member ? await countUnread(args.context.db, { userId: member.id }) : 0;
  return json({
    locale,
    titles: pageTitles(locale),
    // Named on the server: some browsers ship without the data to name "नेपाली" or "Монгол".
    languages: nativeLanguageNames(),
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

function Document({ children, scripts = true }: { children: ReactNode; scripts?: boolean }) {
  const { locale, t } = useI18n();
  const nonce = useNonce();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
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

function Header() {
  const { t } = useI18n();
  const root = useRootData();
  const member = root?.member;
  return (
    <header className="site-header">
      <Link to="/" className="brand">
        {t("app.name")}
      </Link>
      {member ? (
        <>
          <nav aria-label={t("nav.main")}>
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
                <NavLink to="/notifications">
                  {root?.nav.unread ? t("nav.notificationsUnread", { count: root.nav.unread }) : t("nav.notifications")}
                </NavLink>
              </li>
              <li>
                <NavLink to="/settings">{t("nav.settings")}</NavLink>
              </li>
            </ul>
          </nav>
          <form method="get" action="/search" role="search" className="header-search" data-enhance>
            <label htmlFor="header-search" className="sr-only">
              {t("search.query")}
            </label>
            <input id="header-search" type="search" name="q" placeholder={t("search.placeholder")} />
            <button type="submit">{t("search.submit")}</button>
          </form>
          <div className="member-menu">
            <Link to={`/members/${member.id}`}>
              {t("header.member", { name: member.displayName, organisation: member.organisationName })}
            </Link>
            <form method="post" action="/logout" data-enhance>
              <button type="submit" className="button-link">
                {t("nav.signOut")}
              </button>
            </form>
          </div>
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
  useLanguageFollowsRoot();
  useEnhancedNavigation();
  if (bare) {
    return (
      <Document scripts={false}>
        <Outlet />
      </Document>
    );
  }
  // A Suspense boundary keeps a hydration mismatch (a browser naming a date or country
  // differently from the server) to the page body instead of the whole document.
  return (
    <Document>
      <Suspense>
        <Header />
        <main id="main" tabIndex={-1}>
          <Outlet />
        </main>
        <LanguageSwitcher />
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
