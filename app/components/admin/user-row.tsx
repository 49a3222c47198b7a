import { getFormProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import type { Role, UserStatus } from "../../../db/schema";
import { RoleChangeSchema, UserStatusSchema } from "~/accounts/schemas";
import { CsrfInput } from "~/components/csrf";
import { translateError } from "~/components/form";
import { useT } from "~/i18n";

export interface UserRowData {
  id: number;
  full_name: string;
  email: string;
  role: Role;
  status: UserStatus;
  organization_name: string | null;
}

export interface RowResult {
  intent: "suspend" | "reactivate" | "role";
  result: SubmissionResult<string[]>;
}

const ROLES: Role[] = ["donor", "beneficiary", "coordinator", "admin"];

/** The user's name, e-mail, organization, role and status cells. */
function UserCells({ user, isSelf }: { user: UserRowData; isSelf: boolean }) {
  const t = useT();
  return (
    <>
      <th scope="row">
        {user.full_name} {isSelf ? <span className="hint">{t("users.you")}</span> : null}
      </th>
      <td>{user.email}</td>
      <td>{user.organization_name ?? t("users.noOrganization")}</td>
      <td>{t(`role.${user.role}`)}</td>
      <td>
        <span className={`badge status-${user.status}`}>{t(`status.${user.status}`)}</span>
      </td>
    </>
  );
}

/** One user in the table, with the changes the viewer may make to the account. */
export function UserRow({
  user,
  isSelf,
  canChangeRole,
  lastResult,
}: {
  user: UserRowData;
  isSelf: boolean;
  canChangeRole: boolean;
  lastResult?: RowResult;
}) {
  const t = useT();
  const statusIntent = user.status === "suspended" ? "reactivate" : "suspend";
  const [statusForm] = useForm({
    id: `status-${user.id}`,
    lastResult: lastResult && lastResult.intent !== "role" ? lastResult.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UserStatusSchema }),
  });
  const [roleForm, roleFields] = useForm({
    id: `role-${user.id}`,
    lastResult: lastResult?.intent === "role" ? lastResult.result : undefined,
    defaultValue: { role: user.role },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RoleChangeSchema }),
  });
  const errors = [...(statusForm.errors ?? []), ...(roleForm.errors ?? []), ...(roleFields.role.errors ?? [])];
  const canChangeStatus = !isSelf && (user.status === "active" || user.status === "suspended");
  return (
    <tr>
      <UserCells user={user} isSelf={isSelf} />
      <td className="row-actions">
        {canChangeStatus ? (
          <Form method="post" {...getFormProps(statusForm)}>
            <CsrfInput />
            <input type="hidden" name="userId" value={user.id} />
            <button
              type="submit"
              name="intent"
              value={statusIntent}
              className={statusIntent === "suspend" ? "danger" : "secondary"}
            >
              {t(statusIntent === "suspend" ? "users.suspend" : "users.reactivate", { name: user.full_name })}
            </button>
          </Form>
        ) : null}
        {canChangeRole && canChangeStatus ? (
          <Form method="post" className="inline-form" {...getFormProps(roleForm)}>
            <CsrfInput />
            <input type="hidden" name="intent" value="role" />
            <input type="hidden" name="userId" value={user.id} />
            <label htmlFor={roleFields.role.id} className="visually-hidden">
              {t("users.newRole", { name: user.full_name })}
            </label>
            <select {...getSelectProps(roleFields.role)} key={roleFields.role.key}>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {t(`role.${role}`)}
                </option>
              ))}
            </select>
            <button type="submit" className="secondary">
              {t("users.changeRole")}
            </button>
          </Form>
        ) : null}
        {errors.length ? (
          <p className="field-error" role="alert">
            {errors.map((e) => translateError(t, e)).join(" ")}
          </p>
        ) : null}
      </td>
    </tr>
  );
}
