import { pageTitle } from "~/i18n/titles";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { queryPage, readQuery } from "~/forms/query";
import { requirePermission, requireUser, toActor } from "~/accounts/guards.server";
import { can } from "~/accounts/permissions";
import { Pagination } from "~/components/pagination";
import { translator, useLocale, useT } from "~/i18n";
import { resolveLocale } from "~/i18n/locale.server";
import { formatMoney } from "~/i18n/format";
import { proposeMatch } from "~/matches/proposals.server";
import { isDomainError, refusalText } from "~/errors/domain-error";
import { listMatches } from "~/matches/queries.server";
import { ProposeSchema } from "~/matches/schema";
import { redirectWithFlash } from "~/flash/flash.server";
import { readForm } from "~/utils/csrf.server";
import { safeRedirectPath } from "~/utils/http.server";
import { DownloadCsvLink } from "~/components/download-csv-link";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.matches");

const PAGE_SIZE = 25;
const QuerySchema = z.object({
  // Opens on the proposals awaiting the user's decision; "all" (any status) is one choice away.
  status: z.enum(["awaiting", "all", "proposed", "confirmed", "rejected", "withdrawn"]).catch("awaiting"),
  // Donors and beneficiaries open on their organization's matches; everyone may list all of them.
  scope: z.enum(["mine", "all"]).optional().catch(undefined),
  page: queryPage(10_000),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const actor = toActor(user);
  const query = readQuery(QuerySchema, new URL(request.url).searchParams);
  const hasOwn = !can(user.role, "match:decide-any");
  const scope = query.scope ?? (hasOwn ? "mine" : "all");
  const status = query.status === "awaiting" || query.status === "all" ? undefined : query.status;
  const result = await listMatches(context.db, {
    status,
    awaiting: query.status === "awaiting" ? actor : undefined,
    ownedBy: scope === "mine" ? actor : undefined,
    page: query.page,
    pageSize: PAGE_SIZE,
  });
  return { ...query, scope, hasOwn, ...result, pageSize: PAGE_SIZE };
}

/** Proposes a match from a suggestion (a need's or a project's page), then goes back there. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "match:propose");
  // A misfit names the need's country and pillar, so refusals are worded here, in the user's language.
  const locale = resolveLocale(request, user.locale);
  const submission = parseWithZod(await readForm(request, context), { schema: ProposeSchema });
  if (submission.status !== "success") return data({ error: translator(locale)("form.invalid") }, { status: 400 });
  const back = safeRedirectPath(submission.value.redirectTo, "/matches");
  try {
    await proposeMatch(context.db, toActor(user), submission.value, context.clientIp);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return data({ error: refusalText(error, locale) }, { status: error.status });
  }
  return redirectWithFlash(back, { key: "match.proposed" }, context);
}

export default function Matches() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("match.title")}</h1>
      <p className="lead">{t("match.intro")}</p>
      {actionData?.error ? (
        <div className="notice error" role="alert">
          {actionData.error}
        </div>
      ) : null}
      <MatchFilters data={data} />
      <p className="download">
        <DownloadCsvLink />
      </p>
      <MatchTable rows={data.rows} />
      {data.total > data.pageSize ? <Pagination page={data.page} pageSize={data.pageSize} total={data.total} /> : null}
    </>
  );
}

type MatchesData = ReturnType<typeof useLoaderData<typeof loader>>;

/** The status filter, and the mine/all scope for those who have matches of their own. */
function MatchFilters({ data }: { data: Pick<MatchesData, "status" | "hasOwn" | "scope"> }) {
  const t = useT();
  return (
    <Form method="get" className="filters">
      <div className="field">
        <label htmlFor="m-status">{t("match.status")}</label>
        <select id="m-status" name="status" defaultValue={data.status}>
          <option value="awaiting">{t("queue.match.awaitingMine")}</option>
          <option value="all">{t("match.all")}</option>
          {(["proposed", "confirmed", "rejected", "withdrawn"] as const).map((s) => (
            <option key={s} value={s}>
              {t(`match.status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {data.hasOwn ? (
        <div className="field">
          <label htmlFor="m-scope">{t("queue.match.scope")}</label>
          <select id="m-scope" name="scope" defaultValue={data.scope}>
            <option value="mine">{t("queue.match.scopeMine")}</option>
            <option value="all">{t("queue.match.scopeAll")}</option>
          </select>
        </div>
      ) : null}
      <button type="submit" className="secondary">
        {t("gaps.apply")}
      </button>
    </Form>
  );
}

function MatchTable({ rows }: { rows: MatchesData["rows"] }) {
  const t = useT();
  const locale = useLocale();
  return rows.length === 0 ? (
    <p role="status">{t("match.none")}</p>
  ) : (
    <table>
      <thead>
        <tr>
          <th scope="col">{t("match.need")}</th>
          <th scope="col">{t("match.project")}</th>
          <th scope="col">{t("match.country")}</th>
          <th scope="col">{t("match.status")}</th>
          <th scope="col">{t("match.amount")}</th>
          <th scope="col">
            <span className="visually-hidden">{t("match.open")}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((m) => (
          <tr key={m.id}>
            <th scope="row">
              <Link to={`/needs/${m.need_id}`}>{m.need_title}</Link>
            </th>
            <td>
              <Link to={`/projects/${m.project_id}`}>{m.project_title}</Link>{" "}
              <span className="hint">({m.donor_name})</span>
            </td>
            <td>{locale === "ru" ? m.country_ru : m.country_en}</td>
            <td>{t(`match.status.${m.status}`)}</td>
            <td>{m.amount && m.currency ? formatMoney(locale, m.amount, m.currency.trim()) : "—"}</td>
            <td>
              <Link to={`/matches/${m.id}`}>{t("match.open")}</Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
