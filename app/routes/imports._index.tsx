import { pageTitle } from "~/i18n/titles";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { forbidden, requirePermission, toActor } from "~/accounts/guards.server";
import { can } from "~/accounts/permissions";
import { CsrfInput } from "~/components/csrf";
import { formatDateTime } from "~/i18n/format";
import { useLocale, useT, type MessageKey } from "~/i18n";
import { listImports } from "~/iati/store.server";
import { previewUpload, readUpload } from "~/iati/uploads.server";

// /imports: coordinators import any IATI file, donors their own organization's; a preview first.
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.imports");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "project:create");
  const staff = can(user.role, "record:edit-any");
  const own = user.organizationId
    ? await context.db
        .selectFrom("organizations")
        .select("iati_ref")
        .where("id", "=", user.organizationId)
        .executeTakeFirst()
    : undefined;
  const rows = await listImports(context.db, staff ? null : (user.organizationId ?? -1));
  return {
    staff,
    ownRef: own?.iati_ref ?? null,
    imports: rows.map((r) => ({
      ...r,
      created_at: r.created_at.toISOString(),
      counts: r.counts as Record<string, number>,
    })),
  };
}

/** The form again, with the reason above it. */
const refuse = (error: MessageKey, status: number) => data({ error }, { status });

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(request, context, "project:create");
  if (!(request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data"))
    return refuse("imports.noFile", 400);
  const upload = await readUpload(request, context.csrfToken);
  if (!upload.ok) {
    if (upload.error === "csrf")
      throw forbidden("This form has expired or did not come from ADAM. Reload the page and try again.");
    return refuse(
      upload.error === "bad" ? "imports.noFile" : upload.error,
      upload.error === "imports.tooLarge" ? 413 : 400,
    );
  }
  const id = await previewUpload(context.db, toActor(user), upload);
  return redirect(`/imports/${id}`);
}

export default function Imports() {
  const { staff, ownRef, imports } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <h1>{t("imports.title")}</h1>
      <p className="lead">{t("imports.intro")}</p>
      {!staff && ownRef ? <p>{t("imports.introDonor", { ref: ownRef })}</p> : null}
      <Form method="post" encType="multipart/form-data" reloadDocument>
        <CsrfInput />
        <label>
          {t("imports.file")}
          <input type="file" name="file" accept=".xml,application/xml,text/xml" required />
        </label>
        {actionData?.error ? (
          <p role="alert" className="error">
            {t(actionData.error)}
          </p>
        ) : null}
        <button type="submit">{t("imports.preview")}</button>
      </Form>
      <h2>{t("imports.history")}</h2>
      {imports.length === 0 ? (
        <p>{t("imports.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t("imports.when")}</th>
              <th>{t("imports.fileName")}</th>
              <th>{t("imports.ranBy")}</th>
              <th>{t("imports.status")}</th>
            </tr>
          </thead>
          <tbody>
            {imports.map((row) => (
              <tr key={row.id}>
                <td>{formatDateTime(locale, row.created_at)}</td>
                <td>
                  <Link to={`/imports/${row.id}`}>{row.file_name}</Link>
                </td>
                <td>{row.ran_by_name ?? t("imports.ranByCli")}</td>
                <td>
                  {t(`imports.status.${row.status}`)}
                  {row.counts.activities !== undefined ? ` — ${t("imports.counts", row.counts)}` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
