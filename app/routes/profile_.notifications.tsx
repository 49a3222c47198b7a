import { pageTitle } from "~/i18n/titles";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { Delivery } from "../../db/schema";
import { requireUser } from "~/accounts/guards.server";
import { CsrfInput } from "~/components/csrf";
import { Notice } from "~/components/form";
import { useT, type MessageKey } from "~/i18n";
import { resolveLocale } from "~/i18n/locale.server";
import { DELIVERIES, EVENT_ROLES, NOTIFICATION_EVENTS, type NotificationEventType } from "~/notifications/events";
import {
  addFollow,
  followOptions,
  getPreferences,
  listFollows,
  removeFollow,
  savePreferences,
} from "~/notifications/queries.server";
import { delivery, FollowSchema, UnfollowSchema } from "~/notifications/schemas";
import { readForm } from "~/utils/csrf.server";
import { isDomainError } from "~/errors/domain-error";

// A member's e-mail choices per event, and (for donors) the pillars, countries and routes they follow.
// The file name's "profile_" keeps this page out of the profile page's layout: it is a page of its own.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.notificationSettings");

const FOLLOW_KINDS = ["pillar", "country", "route"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const locale = resolveLocale(request, user.locale);
  const canFollow = user.role === "donor";
  const [preferences, follows, options] = await Promise.all([
    getPreferences(context.db, user.id, user.role),
    canFollow ? listFollows(context.db, user.id, locale) : Promise.resolve([]),
    canFollow ? followOptions(context.db, locale) : Promise.resolve(null),
  ]);
  return { preferences, follows, options, canFollow };
}

type Outcome = { ok: boolean; message?: MessageKey; name?: string; errors?: Record<string, string> };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const formData = await readForm(request, context);
  const intent = formData.get("intent");
  if (intent === "preferences") {
    const events = NOTIFICATION_EVENTS.filter((e) => EVENT_ROLES[e].includes(user.role));
    const choices: Array<{ event: NotificationEventType; delivery: Delivery }> = [];
    const errors: Record<string, string> = {};
    for (const event of events) {
      const parsed = delivery().safeParse(formData.get(`delivery-${event}`) ?? undefined);
      if (parsed.success) choices.push({ event, delivery: parsed.data });
      else errors[event] = "form.choose";
    }
    if (Object.keys(errors).length) return data({ ok: false, errors } satisfies Outcome, { status: 400 });
    await savePreferences(context.db, user.id, choices);
    return { ok: true, message: "prefs.saved" } satisfies Outcome;
  }
  if (user.role !== "donor") return data({ ok: false } satisfies Outcome, { status: 403 });
  const locale = resolveLocale(request, user.locale);
  if (intent === "follow") {
    const submission = parseWithZod(formData, { schema: FollowSchema });
    if (submission.status !== "success")
      return data({ ok: false, errors: { follow: "form.choose" } } satisfies Outcome, { status: 400 });
    try {
      await addFollow(context.db, user.id, submission.value.kind, submission.value.code);
    } catch (error) {
      if (!isDomainError(error) || !error.field || !error.messageKey) throw error;
      const errors = { [error.field]: error.messageKey };
      return data({ ok: false, errors } satisfies Outcome, { status: error.status });
    }
    const options = await followOptions(context.db, locale);
    const name =
      options[submission.value.kind].find((o) => o.code === submission.value.code)?.name ?? submission.value.code;
    return { ok: true, message: "follows.added", name } satisfies Outcome;
  }
  const submission = parseWithZod(formData, { schema: UnfollowSchema });
  if (submission.status !== "success") return data({ ok: false } satisfies Outcome, { status: 400 });
  const follows = await listFollows(context.db, user.id, locale);
  const name = follows.find((f) => f.id === submission.value.followId)?.name;
  const removed = await removeFollow(context.db, user.id, submission.value.followId);
  return removed
    ? ({ ok: true, message: "follows.removed", name } satisfies Outcome)
    : data({ ok: false } satisfies Outcome, { status: 404 });
}

export default function NotificationSettings() {
  const { preferences, follows, options, canFollow } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>() as Outcome | undefined;
  const t = useT();
  return (
    <>
      <h1>{t("prefs.title")}</h1>
      <p className="lead">{t("prefs.intro")}</p>
      <p>
        <Link to="/notifications">{t("notifications.title")}</Link>
      </p>
      {outcome?.ok && outcome.message ? (
        <Notice kind="success">{t(outcome.message, { name: outcome.name ?? "" })}</Notice>
      ) : null}
      {outcome && !outcome.ok && outcome.errors ? <Notice kind="error">{t("form.choose")}</Notice> : null}
      <MailPreferences preferences={preferences} />
      <FollowsSection follows={follows} options={options} canFollow={canFollow} />
    </>
  );
}

type SettingsData = ReturnType<typeof useLoaderData<typeof loader>>;

/** How each kind of event is delivered: at once, in a digest, or not by mail. */
function MailPreferences({ preferences }: Pick<SettingsData, "preferences">) {
  const t = useT();
  return (
    <section aria-labelledby="mail-title">
      <h2 id="mail-title">{t("prefs.mailTitle")}</h2>
      <Form method="post" className="stack">
        <CsrfInput />
        {preferences.map((p) => (
          <fieldset key={p.event} className="choices">
            <legend>{t(`notifyEvent.${p.event}`)}</legend>
            {DELIVERIES.map((d) => (
              <label key={d}>
                <input type="radio" name={`delivery-${p.event}`} value={d} defaultChecked={p.delivery === d} />{" "}
                {t(`prefs.delivery.${d}`)}
              </label>
            ))}
          </fieldset>
        ))}
        <div>
          <button type="submit" className="primary" name="intent" value="preferences">
            {t("prefs.save")}
          </button>
        </div>
      </Form>
    </section>
  );
}

/** What the user follows (countries, pillars, …), with a form per kind to follow one more. */
function FollowsSection({ follows, options, canFollow }: Pick<SettingsData, "follows" | "options" | "canFollow">) {
  const t = useT();
  return (
    <section aria-labelledby="follows-title">
      <h2 id="follows-title">{t("follows.title")}</h2>
      {canFollow && options ? (
        <>
          <p>{t("follows.intro")}</p>
          {follows.length === 0 ? (
            <p>{t("follows.none")}</p>
          ) : (
            <ul>
              {follows.map((f) => (
                <li key={f.id}>
                  {t(`follows.kind.${f.kind}`)}: {f.name}{" "}
                  <Form method="post" className="inline">
                    <CsrfInput />
                    <input type="hidden" name="followId" value={f.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="unfollow"
                      aria-label={t("follows.removeNamed", { name: f.name })}
                    >
                      {t("follows.remove")}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          )}
          {FOLLOW_KINDS.map((kind) => (
            <Form method="post" key={kind} className="actions">
              <CsrfInput />
              <input type="hidden" name="kind" value={kind} />
              <div className="field">
                <label htmlFor={`follow-${kind}`}>{t(`follows.kind.${kind}`)}</label>
                <select id={`follow-${kind}`} name="code" required defaultValue="">
                  <option value="" disabled>
                    {t("follows.choose")}
                  </option>
                  {options[kind].map((o) => (
                    <option key={o.code} value={o.code}>
                      {o.name}
                    </option>
                  ))}
                </select>
              </div>
              <button
                type="submit"
                name="intent"
                value="follow"
                aria-label={`${t("follows.add")}: ${t(`follows.kind.${kind}`)}`}
              >
                {t("follows.add")}
              </button>
            </Form>
          ))}
        </>
      ) : (
        <p>{t("follows.donorsOnly")}</p>
      )}
    </section>
  );
}
