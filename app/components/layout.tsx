import { Form, NavLink, useLocation, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { Role } from "../../db/schema";
import { LOCALES, useLocale, useT, type Locale } from "~/i18n";
import { CsrfInput } from "./csrf";
import { navFor } from "./nav-items";

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
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  // A followed link closes the menu on a phone.
  useEffect(() => setMenuOpen(false), [location.pathname, location.search]);
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
        <MenuButton open={menuOpen} onToggle={setMenuOpen} />
        <SiteNav role={user?.role ?? null} open={menuOpen} />
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

/**
 * On a phone the navigation folds behind this button (shown only once JavaScript runs: without it
 * the navigation simply stays open). Escape closes it and returns focus here.
 */
function MenuButton({ open, onToggle }: { open: boolean; onToggle: (open: boolean) => void }) {
  const t = useT();
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      onToggle(false);
      button.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open, onToggle]);
  return (
    <button
      ref={button}
      type="button"
      className="menu-button"
      aria-expanded={open}
      aria-controls="site-nav"
      onClick={() => onToggle(!open)}
    >
      {t("nav.menu")}
    </button>
  );
}

function SiteNav({ role, open }: { role: Role | null; open: boolean }) {
  const t = useT();
  return (
    <nav id="site-nav" aria-label={t("nav.label")} className="site-nav" data-open={open}>
      <ul className="nav-groups">
        {navFor(role).map((group) => (
          <li key={group.id} className="nav-group">
            <span className="nav-group-label" id={`nav-group-${group.id}`}>
              {t(group.label)}
            </span>
            <ul aria-labelledby={`nav-group-${group.id}`}>
              {group.items.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.to === "/"}>
                    {t(item.label)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </nav>
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
          aria-label={
            locale === current ? LANGUAGE_NAMES[locale] : t("lang.switchTo", { language: LANGUAGE_NAMES[locale] })
          }
        >
          {LANGUAGE_NAMES[locale]}
        </button>
      ))}
    </Form>
  );
}
