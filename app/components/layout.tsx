import { Form, NavLink, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import type { Role } from "../../db/schema";
import { LOCALES, useLocale, useT, type Locale } from "~/i18n";
import { CsrfInput } from "./csrf";
import { MEMBER_NAV } from "./nav-items";

interface RootUser {
  fullName: string;
  role: Role;
  /** Unread notifications, shown as a badge beside the notifications link. */
  unread?: number;
}

function useRootUser(): RootUser | null {
  const root = useRouteLoaderData("root") as { user?: RootUser | null } | undefined;
  return root?.user ?? null;
}

const LANGUAGE_NAMES: Record<Locale, string> = { en: "English", ru: "Русский" };

export function Layout({ children }: { children: ReactNode }) {
  const t = useT();
  const user = useRootUser();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("skip.toMain")}
      </a>
      <header className="site-header">
        <div className="brand">
          <a href="/" className="brand-name">
            {t("app.name")}
          </a>
          <span className="brand-tagline">{t("app.tagline")}</span>
        </div>
        <LanguageSwitch />
        <UserMenu />
        <nav aria-label={t("nav.label")} className="site-nav">
          <ul>
            <li>
              <NavLink to="/" end>
                {t("nav.home")}
              </NavLink>
            </li>
            <li>
              <NavLink to="/pillars">{t("nav.pillars")}</NavLink>
            </li>
            <li>
              <NavLink to="/partners">{t("nav.partners")}</NavLink>
            </li>
            <li>
              <NavLink to="/routes">{t("nav.routes")}</NavLink>
            </li>
            {user
              ? MEMBER_NAV.filter((item) => !item.roles || item.roles.includes(user.role)).map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to}>{t(item.label)}</NavLink>
                  </li>
                ))
              : null}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t("footer.text")}</p>
      </footer>
    </>
  );
}

function UserMenu() {
  const t = useT();
  const user = useRootUser();
  if (!user) {
    return (
      <div className="user-menu">
        <NavLink to="/login">{t("nav.signIn")}</NavLink>
        <NavLink to="/join">{t("nav.join")}</NavLink>
      </div>
    );
  }
  return (
    <div className="user-menu">
      <NavLink to="/notifications">
        {t("notifications.nav")}
        {user.unread ? (
          <>
            {" "}
            <span className="badge">{t("notifications.badge", { count: user.unread })}</span>
          </>
        ) : null}
      </NavLink>
      <NavLink to="/profile" aria-label={t("nav.signedInAs", { name: user.fullName })}>
        {user.fullName}
      </NavLink>
      <Form method="post" action="/logout">
        <CsrfInput />
        <button type="submit">{t("nav.signOut")}</button>
      </Form>
    </div>
  );
}

function LanguageSwitch() {
  const t = useT();
  const current = useLocale();
  const root = useRouteLoaderData("root") as { path?: string } | undefined;
  return (
    <Form method="post" action="/language" className="language-switch" aria-label={t("lang.label")}>
      <CsrfInput />
      <input type="hidden" name="redirectTo" value={root?.path ?? "/"} />
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="submit"
          name="locale"
          value={locale}
          lang={locale}
          aria-pressed={locale === current}
          aria-label={locale === current ? LANGUAGE_NAMES[locale] : t("lang.switchTo", { language: LANGUAGE_NAMES[locale] })}
        >
          {LANGUAGE_NAMES[locale]}
        </button>
      ))}
    </Form>
  );
}
