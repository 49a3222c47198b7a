import { pageTitle } from "~/i18n/titles";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { queryPage, readQuery } from "~/forms/query";
import { requirePermission } from "~/accounts/guards.server";
import { PairReasonList } from "~/duplicates/components/reasons";
import { listCandidates } from "~/duplicates/review.server";
import { Pagination } from "~/components/pagination";
import { useLocale, useT } from "~/i18n";
import { formatNumber } from "~/i18n/format";
import { DownloadCsvLink } from "~/components/download-csv-link";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.duplicates");

const PAGE_SIZE = 25;
const QuerySchema = z.object({
  status: z.enum(["candidate", "duplicate", "complementary", "dismissed"]).catch("candidate"),
  page: queryPage(10_000),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "duplicates:review");
  const query = readQuery(QuerySchema, new URL(request.url).searchParams);
  const result = await listCandidates(context.db, { status: query.status, page: query.page, pageSize: PAGE_SIZE });
  return { ...query, ...result, pageSize: PAGE_SIZE };
}

export default function DuplicateQueue() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("dup.title")}</h1>
      <p className="lead">{t("dup.intro")}</p>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="dup-status">{t("dup.status")}</label>
          <select id="dup-status" name="status" defaultValue={data.status}>
            {(["candidate", "duplicate", "complementary", "dismissed"] as const).map((s) => (
              <option key={s} value={s}>
                {t(`dup.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary">
          {t("gaps.apply")}
        </button>
      </Form>
      <p className="download">
        <DownloadCsvLink />
      </p>
      {data.rows.length === 0 ? (
        <p role="status">{t("dup.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("dup.score")}</th>
              <th scope="col">{t("dup.pair")}</th>
              <th scope="col">{t("dup.reasons")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("dup.open")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row) => (
              <tr key={row.id}>
                <td className="num">{formatNumber(locale, Number(row.score) * 100)}</td>
                <th scope="row">
                  <Link to={`/projects/${row.a_id}`}>{row.a_title}</Link>{" "}
                  <span className="hint">({row.a_organization})</span>
                  <br />
                  <Link to={`/projects/${row.b_id}`}>{row.b_title}</Link>{" "}
                  <span className="hint">({row.b_organization})</span>
                </th>
                <td>
                  <PairReasonList reasons={row.reasons} />
                </td>
                <td>
                  <Link to={`/duplicates/${row.id}`} aria-label={t("dup.openPair", { a: row.a_title, b: row.b_title })}>
                    {t("dup.open")}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.total > data.pageSize ? <Pagination page={data.page} pageSize={data.pageSize} total={data.total} /> : null}
    </>
  );
}
