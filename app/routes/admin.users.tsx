import { pageTitle } from "~/i18n/titles";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseSearchParams, RoleChangeSchema, UserFiltersSchema, UserStatusSchema } from "~/accounts/schemas";
import { forbidden, requirePermission, toActor } from "~/accounts/guards.server";
import { can } from "~/accounts/permissions";
import {
  changeRole,
  listOrganizationsForPicker,
  listUsers,
  reactivateUser,
  suspendUser,
} from "~/accounts/users.server";
import type { Role } from "../../db/schema";
import { UserRow, type RowResult } from "~/components/admin/user-row";
import { FilterInput, FilterSelect } from "~/components/filters";
import { Notice } from "~/components/form";
import { Pagination } from "~/components/pagination";
import { useT } from "~/i18n";
import { readForm } from "~/utils/csrf.server";
import { DownloadCsvLink } from "~/components/download-csv-link";
import { parseId } from "~/forms/ids";
import { refusalReply } from "~/errors/reply.server";

const PAGE_SIZE = 25;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.adminUsers");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "access:review");
  const filters = parseSearchParams(UserFiltersSchema, request.url);
  const [list, organizations] = await Promise.all([
    listUsers(context.db, {
      q: filters.q,
      status: filters.status,
      role: filters.role,
      organizationId: filters.organization,
      page: filters.page,
      pageSize: PAGE_SIZE,
    }),
    listOrganizationsForPicker(context.db, { withUnit: true }),
  ]);
  return {
    ...list,
    filters,
    organizations: organizations.map((o) => ({ id: o.id, name: o.name })),
    me: user.id,
    canChangeRole: can(user.role, "users:change-role"),
  };
}

/** What a change did, for the notice above the list: a role change names the new role. */
type Done = { intent: "role"; name: string; role: Role } | { intent: "suspend" | "reactivate"; name: string };

type Outcome = RowResult & {
  userId: number | null;
  done: Done | null;
};

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "access:review");
  const formData = await readForm(request, context);
  const intent =
    formData.get("intent") === "role" ? "role" : formData.get("intent") === "reactivate" ? "reactivate" : "suspend";
  // Changing roles is the administrator's alone, whatever the form says.
  if (intent === "role" && !can(user.role, "users:change-role")) throw forbidden();
  const userId = parseId(formData.get("userId")) ?? null;
  const answer = (result: RowResult["result"], status: number, done: Outcome["done"] = null) =>
    data({ intent, userId, result, done } satisfies Outcome, { status });
  const refuse = (error: unknown, submission: Parameters<typeof refusalReply>[1]) =>
    refusalReply(error, submission, { extra: { intent, userId, done: null } satisfies Omit<Outcome, "result"> });

  if (intent === "role") {
    const submission = parseWithZod(formData, { schema: RoleChangeSchema });
    if (submission.status !== "success") return answer(submission.reply(), 400);
    try {
      const { fullName } = await changeRole(
        context.db,
        toActor(user),
        submission.value.userId,
        submission.value.role,
        context.clientIp,
      );
      return answer(submission.reply(), 200, { intent, name: fullName, role: submission.value.role });
    } catch (error) {
      return refuse(error, submission);
    }
  }
  const submission = parseWithZod(formData, { schema: UserStatusSchema });
  if (submission.status !== "success") return answer(submission.reply(), 400);
  try {
    const change = submission.value.intent === "suspend" ? suspendUser : reactivateUser;
    const { fullName } = await change(context.db, toActor(user), submission.value.userId, context.clientIp);
    return answer(submission.reply(), 200, { intent, name: fullName });
  } catch (error) {
    return refuse(error, submission);
  }
}

export default function Users() {
  const { rows, total, filters, organizations, me, canChangeRole } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>() as Outcome | undefined;
  const t = useT();
  const done = outcome?.done;
  return (
    <>
      <h1>{t("users.title")}</h1>
      <p className="lead">{t("users.intro")}</p>
      {done ? (
        <Notice kind="success">
          <p>
            {done.intent === "role"
              ? t("users.roleChanged", { name: done.name, role: t(`role.${done.role}`) })
              : t(done.intent === "suspend" ? "users.suspended" : "users.reactivated", { name: done.name })}
          </p>
        </Notice>
      ) : null}
      <UserFilters filters={filters} organizations={organizations} />
      <p className="download">
        <DownloadCsvLink />
      </p>
      {rows.length === 0 ? (
        <p role="status">{t("users.empty")}</p>
      ) : (
        <table>
          <caption className="visually-hidden">{t("users.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("users.name")}</th>
              <th scope="col">{t("users.email")}</th>
              <th scope="col">{t("users.organization")}</th>
              <th scope="col">{t("users.role")}</th>
              <th scope="col">{t("users.status")}</th>
              <th scope="col">{t("users.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => (
              <UserRow
                key={u.id}
                user={u}
                isSelf={u.id === me}
                canChangeRole={canChangeRole}
                lastResult={!done && outcome?.userId === u.id ? outcome : undefined}
              />
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={filters.page} pageSize={PAGE_SIZE} total={total} />
    </>
  );
}

type UsersData = ReturnType<typeof useLoaderData<typeof loader>>;

function UserFilters({ filters, organizations }: Pick<UsersData, "filters" | "organizations">) {
  const t = useT();
  return (
    <Form method="get" className="filters" role="search" aria-label={t("list.filters")} key={JSON.stringify(filters)}>
      <FilterInput id="users-q" name="q" label={t("users.search")} value={filters.q} />
      <FilterSelect
        id="users-status"
        name="status"
        label={t("users.status")}
        value={filters.status}
        options={(["active", "suspended", "rejected"] as const).map((s) => ({ value: s, label: t(`status.${s}`) }))}
      />
      <FilterSelect
        id="users-role"
        name="role"
        label={t("users.role")}
        value={filters.role}
        options={(["donor", "beneficiary", "coordinator", "admin"] as const).map((r) => ({
          value: r,
          label: t(`role.${r}`),
        }))}
      />
      <FilterSelect
        id="users-organization"
        name="organization"
        label={t("users.organization")}
        value={filters.organization}
        options={organizations.map((o) => ({ value: String(o.id), label: o.name }))}
      />
      <div>
        <button type="submit" className="primary">
          {t("list.filter")}
        </button>{" "}
        <Link to="/admin/users">{t("list.clear")}</Link>
      </div>
    </Form>
  );
}
