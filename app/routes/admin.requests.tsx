import { pageTitle } from "~/i18n/titles";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ApproveSchema, NEW_ORGANIZATION, parseSearchParams, QueuePageSchema, RejectSchema } from "~/accounts/schemas";
import { approveRequest, listPendingRequests, rejectRequest } from "~/accounts/access-requests.server";
import { requirePermission, toActor } from "~/accounts/guards.server";
import { ANSWER_PROMISE_HOURS } from "~/accounts/promise";
import { listOrganizationsForPicker } from "~/accounts/users.server";
import { RequestCard, type CardResult } from "~/components/admin/request-card";
import { Notice } from "~/components/form";
import { Pagination } from "~/components/pagination";
import { useLocale, useT } from "~/i18n";
import { formatNumber } from "~/i18n/format";
import { readForm } from "~/utils/csrf.server";
import { DownloadCsvLink } from "~/components/download-csv-link";
import { parseId } from "~/forms/ids";
import { refusalReply } from "~/errors/reply.server";

const PAGE_SIZE = 20;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.adminRequests");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "access:review");
  const { page } = parseSearchParams(QueuePageSchema, request.url);
  const [queue, organizations] = await Promise.all([
    listPendingRequests(context.db, { page, pageSize: PAGE_SIZE }),
    listOrganizationsForPicker(context.db),
  ]);
  return { ...queue, page, organizations: organizations.map((o) => ({ id: o.id, name: o.name })) };
}

type Outcome = CardResult & { requestId: number | null; done: { intent: "approve" | "reject"; name: string } | null };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "access:review");
  const formData = await readForm(request, context);
  const intent = formData.get("intent") === "reject" ? "reject" : "approve";
  const requestId = parseId(formData.get("requestId")) ?? null;
  const answer = (result: CardResult["result"], status: number, done: Outcome["done"] = null) =>
    data({ intent, requestId, result, done } satisfies Outcome, { status });
  // A decision the rules refuse is told on the request's own card.
  const refuse = (error: unknown, submission: Parameters<typeof refusalReply>[1]) =>
    refusalReply(error, submission, { extra: { intent, requestId, done: null } satisfies Omit<Outcome, "result"> });

  if (intent === "reject") {
    const submission = parseWithZod(formData, { schema: RejectSchema });
    if (submission.status !== "success") return answer(submission.reply(), 400);
    try {
      const { fullName } = await rejectRequest(
        context.db,
        toActor(user),
        submission.value.requestId,
        submission.value.reason,
        context.clientIp,
      );
      return answer(submission.reply({ resetForm: true }), 200, { intent, name: fullName });
    } catch (error) {
      return refuse(error, submission);
    }
  }
  const submission = parseWithZod(formData, { schema: ApproveSchema });
  if (submission.status !== "success") return answer(submission.reply(), 400);
  const { value } = submission;
  try {
    const { fullName } = await approveRequest(
      context.db,
      toActor(user),
      {
        requestId: value.requestId,
        role: value.role,
        organizationId: value.organization === NEW_ORGANIZATION ? null : Number(value.organization),
        newOrganizationName: value.newOrganizationName,
      },
      context.clientIp,
    );
    return answer(submission.reply({ resetForm: true }), 200, { intent, name: fullName });
  } catch (error) {
    return refuse(error, submission);
  }
}

export default function AccessRequests() {
  const { rows, total, overdue, page, organizations } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>() as Outcome | undefined;
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("requests.title")}</h1>
      <p className="lead">{t("requests.intro", { hours: formatNumber(locale, ANSWER_PROMISE_HOURS) })}</p>
      {outcome?.done ? (
        <Notice kind="success">
          <p>
            {t(outcome.done.intent === "approve" ? "requests.approved" : "requests.rejected", {
              name: outcome.done.name,
            })}
          </p>
        </Notice>
      ) : null}
      <p className={overdue > 0 ? "overdue" : undefined}>
        {t("requests.summary", { total: formatNumber(locale, total), overdue: formatNumber(locale, overdue) })}
      </p>
      <p className="download">
        <DownloadCsvLink />
      </p>
      {rows.length === 0 ? (
        <p>{t("requests.empty")}</p>
      ) : (
        <ol className="request-list">
          {rows.map((r) => (
            <li key={r.id}>
              <RequestCard
                request={r}
                organizations={organizations}
                lastResult={!outcome?.done && outcome?.requestId === r.id ? outcome : undefined}
              />
            </li>
          ))}
        </ol>
      )}
      {total > PAGE_SIZE ? <Pagination page={page} pageSize={PAGE_SIZE} total={total} /> : null}
    </>
  );
}
