import { pageTitle } from "~/i18n/titles";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "~/accounts/guards.server";
import { canManageConsultative } from "~/consultative/edit.server";
import { listMeetings, meetingDay } from "~/consultative/meetings.server";
import { useT } from "~/i18n";
import { resolveLocale } from "~/i18n/locale.server";
import { today } from "~/forms/dates";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.meetings");

// The public calendar of EWG and PCG meetings, planned first, then past; coordinators add and edit.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request, context);
  const meetings = await listMeetings(context.db, resolveLocale(request, user?.locale));
  const asOf = today();
  return {
    planned: meetings.filter((m) => meetingDay(m.start_date) >= asOf).reverse(),
    past: meetings.filter((m) => meetingDay(m.start_date) < asOf),
    canManage: Boolean(user && user.status === "active" && canManageConsultative(user)),
  };
}

type Meeting = ReturnType<typeof useLoaderData<typeof loader>>["past"][number];

function MeetingTable({ rows, caption }: { rows: Meeting[]; caption: string }) {
  const t = useT();
  if (!rows.length) return <p>{t("consult.meetings.none")}</p>;
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t("consult.field.dates")}</th>
          <th scope="col">{t("consult.field.meeting")}</th>
          <th scope="col">{t("consult.field.pillar")}</th>
          <th scope="col">{t("consult.field.host")}</th>
          <th scope="col">{t("consult.field.place")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((m) => (
          <tr key={m.id}>
            <td>{m.end_date && m.end_date !== m.start_date ? `${m.start_date} – ${m.end_date}` : m.start_date}</td>
            <td>
              <Link to={`/meetings/${m.id}`}>
                {m.kind}
                {m.number ? ` ${m.number}` : ""}: {m.topic}
              </Link>
            </td>
            <td>{m.pillar_code ? `${m.pillar_code} ${m.pillar_name ?? ""}` : "—"}</td>
            <td>{m.host ?? "—"}</td>
            <td>{[m.city, m.country_name].filter(Boolean).join(", ") || "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function Meetings() {
  const { planned, past, canManage } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("consult.meetings.title")}</h1>
      <p className="lead">{t("consult.meetings.intro")}</p>
      {canManage ? <Link to="/meetings/new">{t("consult.meetings.add")}</Link> : null}
      <h2>{t("consult.meetings.planned")}</h2>
      <MeetingTable rows={planned} caption={t("consult.meetings.planned")} />
      <h2>{t("consult.meetings.past")}</h2>
      <MeetingTable rows={past} caption={t("consult.meetings.past")} />
    </>
  );
}
