import { pageTitle } from "~/i18n/titles";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { requirePermission, requireUser, toActor } from "~/accounts/guards.server";
import { QueueSection } from "~/dashboard/components/queue-section";
import { markFlaggedCellsSeen, workQueues } from "~/dashboard/dashboard.server";
import { useT } from "~/i18n";
import { resolveLocale } from "~/i18n/locale.server";
import { today } from "~/forms/dates";
import { readForm } from "~/utils/csrf.server";
import { invariantResponse } from "~/utils/http.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.dashboard");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const queues = await workQueues(context.db, toActor(user), { locale: resolveLocale(request, user.locale) });
  return { user: { fullName: user.fullName, role: user.role, organizationName: user.organizationName }, queues };
}

/** "Mark these cells as seen": the gap cells flagged now stop counting as new for this user. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "gaps:watch");
  const form = await readForm(request, context);
  invariantResponse(form.get("intent") === "mark-cells-seen", "Unknown action", 400);
  await markFlaggedCellsSeen(context.db, user.id, today());
  return redirect("/dashboard?seen=1");
}

export default function Dashboard() {
  const { user, queues } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const t = useT();
  const waiting = queues.filter((q) => q.count > 0 || q.key === "needCoverage");
  return (
    <>
      <h1>{t("dashboard.title", { name: user.fullName })}</h1>
      <p>
        {t("dashboard.role", {
          role: t(`role.${user.role}`),
          organization: user.organizationName ?? t("dashboard.noOrganization"),
        })}
      </p>
      {search.get("seen") ? (
        <div className="notice success" role="status">
          {t("queue.markedSeen")}
        </div>
      ) : null}
      <section aria-labelledby="queues">
        <h2 id="queues">{t("dashboard.queues")}</h2>
        {waiting.length === 0 ? <p>{t("dashboard.nothing")}</p> : null}
        <ul className="queues">
          {queues.map((queue) => (
            <li key={queue.key}>
              <QueueSection queue={queue} />
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
