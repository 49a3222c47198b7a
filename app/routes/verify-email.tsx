import { pageTitle } from "~/i18n/titles";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { verifyApplicantEmail } from "~/accounts/access-requests.server";
import { CsrfInput } from "~/components/csrf";
import { Notice } from "~/components/form";
import { redirectWithFlash } from "~/flash/flash.server";
import { useT } from "~/i18n";
import { VerifyEmailSchema } from "~/notifications/schemas";
import { readForm } from "~/utils/csrf.server";

// The page the link e-mailed to an applicant opens. Opening it changes nothing (mail scanners
// open links too): the applicant confirms with the button, which uses the token.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.verifyEmail");

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return { token: url.searchParams.get("token") ?? "" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request, context), { schema: VerifyEmailSchema });
  if (
    submission.status !== "success" ||
    !(await verifyApplicantEmail(context.db, submission.value.token, context.clientIp))
  ) {
    return data({ invalid: true }, { status: 400 });
  }
  // The applicant has no account yet: the notice is shown once, on the home page.
  return redirectWithFlash("/", { key: "verify.done" }, context);
}

export default function VerifyEmail() {
  const { token } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("verify.title")}</h1>
      {actionData?.invalid ? (
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
