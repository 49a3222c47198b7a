import { translator, type Locale } from "~/i18n";
import { absoluteLink } from "./config.server";

// Builds a message in plain text and in HTML from the same parts. Every text is escaped in HTML:
// record titles and names are typed by users.

export interface MailItem {
  text: string;
  /** A path of ADAM (made absolute with APP_URL). */
  link: string;
}

export interface ComposeInput {
  locale: Locale;
  recipientName: string;
  subject: string;
  /** Paragraphs before the items. */
  paragraphs: string[];
  items: MailItem[];
  /** Paragraphs after the items (a warning, for instance). */
  after?: string[];
  /** Notification mail says where to change the settings; account mail does not. */
  settingsFooter: boolean;
}

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function composeMail(input: ComposeInput): ComposedMail {
  const t = translator(input.locale);
  const greeting = t("mail.greeting", { name: input.recipientName });
  const settings = absoluteLink("/profile/notifications");
  const items = input.items.map((item) => ({ text: item.text, url: absoluteLink(item.link) }));
  const text = [
    greeting,
    "",
    ...input.paragraphs.flatMap((p) => [p, ""]),
    ...items.flatMap((item) => [item.text, `${t("mail.open")}: ${item.url}`, ""]),
    ...(input.after ?? []).flatMap((p) => [p, ""]),
    ...(input.settingsFooter ? ["--", t("mail.footer"), settings] : []),
  ].join("\n");
  const html = [
    `<!doctype html><html lang="${input.locale}"><head><meta charset="utf-8">` +
      `<title>${escapeHtml(input.subject)}</title></head>`,
    `<body style="font-family: sans-serif; line-height: 1.5; max-width: 40em">`,
    `<p>${escapeHtml(greeting)}</p>`,
    ...input.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    items.length ? `<ul>${items.map((item) => htmlItem(item, t("mail.open"))).join("")}</ul>` : "",
    ...(input.after ?? []).map((p) => `<p>${escapeHtml(p)}</p>`),
    input.settingsFooter
      ? `<hr><p><small>${escapeHtml(t("mail.footer"))} ` +
        `<a href="${escapeHtml(settings)}">${escapeHtml(settings)}</a></small></p>`
      : "",
    `</body></html>`,
  ].join("\n");
  return { subject: input.subject, text, html };
}

/** One linked item of the HTML body: its text, then the link under it. */
function htmlItem(item: { text: string; url: string }, open: string): string {
  return `<li><p>${escapeHtml(item.text)}<br><a href="${escapeHtml(item.url)}">${escapeHtml(open)}</a></p></li>`;
}
