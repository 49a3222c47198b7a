// Mail settings from the environment: SMTP_URL (no value: messages stay in the outbox, readable at
// /admin/outbox), MAIL_FROM, and APP_URL, the address users reach ADAM at, for the links in messages.

export function appUrl(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.APP_URL?.trim() || `http://localhost:${env.PORT ?? 3000}`;
  return base.replace(/\/+$/, "");
}

/** An absolute link to a path of ADAM. */
export function absoluteLink(path: string, env: NodeJS.ProcessEnv = process.env): string {
  return `${appUrl(env)}${path.startsWith("/") ? path : `/${path}`}`;
}

export function mailFrom(env: NodeJS.ProcessEnv = process.env): string {
  return env.MAIL_FROM?.trim() || "ADAM <no-reply@localhost>";
}

export function smtpUrl(env: NodeJS.ProcessEnv = process.env): string | null {
  return env.SMTP_URL?.trim() || null;
}

/** The mail server's host and port, never its user name or password (for the outbox page). */
export function smtpHost(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.port ? `${parsed.hostname}:${parsed.port}` : parsed.hostname;
  } catch {
    return "?";
  }
}
