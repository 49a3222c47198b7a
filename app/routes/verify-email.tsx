import { pageTitle } from "~/i18n/titles";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { verifyApplicantEmail } from "~/accounts/access-requests.server";
import { CsrfInput } from "~/components/csrf";
import { Notice } from "~/components/form";
import { useT } from "~/i18n";
import { VerifyEmailSchema } from "~/notifications/schemas";
import { readForm } from "~/utils/csrf.server";

// The page the link e-mailed to an applicant opens. Opening it changes nothing (mail scanners
// open links too): the applicant confirms with the button, which uses the token.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.verifyEmail");

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return { token: url.searchParams.get("token") ?? "", done: url.searchParams.get("done") === "1" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request, context), { schema: VerifyEmailSchema });
  if (
    submission.status !== "success" ||
    !(await verifyApplicantEmail(context.db, submission.value.token, context.clientIp))
  ) {
    return data({ invalid: true }, { status: 400 });
  }
  return redirect("/verify-email?done=1");
}

export default function VerifyEmail() {
  const { token, done } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("verify.title")}</h1>
      {done ? (
        <Notice kind="success">
          <p>{t("verify.done")}</p>
        </Notice>
      ) : actionData?.invalid ? (
        <Notice kind="error">
          <p>{t("verify.invalid")}</p>
        </Notice>
      ) : (
        <>
          <p className="lead">{t("verify.intro")}</p>
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="token" value={token} />
            <button type="submit" className="primary">
              {t("verify.submit")}
            </button>
          </Form>
        </>
      )}
    </>
  );
}
