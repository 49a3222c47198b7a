import { pageTitle } from "~/i18n/titles";
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requestPasswordReset } from "~/accounts/password-reset.server";
import { CsrfInput } from "~/components/csrf";
import { ErrorsOrWait, SubmitButton } from "~/components/submit";
import { Notice, TextField } from "~/components/form";
import { useT } from "~/i18n";
import { ForgotPasswordSchema } from "~/notifications/schemas";
import { readForm } from "~/utils/csrf.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.forgotPassword");

export async function loader({ request }: LoaderFunctionArgs) {
  return { sent: new URL(request.url).searchParams.get("sent") === "1" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request, context), { schema: ForgotPasswordSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply(), retryAfterSeconds: null }, { status: 400 });
  const outcome = await requestPasswordReset(context.db, submission.value.email, context.clientIp);
  if (!outcome.ok) {
    return data(
      {
        result: submission.reply({ formErrors: ["forgot.rateLimited"] }),
        retryAfterSeconds: outcome.retryAfterSeconds,
      },
      { status: 429, headers: { "Retry-After": String(outcome.retryAfterSeconds) } },
    );
  }
  // The same answer for every address: nobody learns here who has an account.
  return redirect("/forgot-password?sent=1");
}

export default function ForgotPassword() {
  const { sent } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotPasswordSchema }),
    shouldValidate: "onBlur",
  });
  if (sent) {
    return (
      <>
        <h1>{t("forgot.title")}</h1>
        <Notice kind="success">
          <p>{t("forgot.sent")}</p>
        </Notice>
        <p>
          <Link to="/login">{t("nav.signIn")}</Link>
        </p>
      </>
    );
  }
  const wait = actionData?.retryAfterSeconds;
  return (
    <>
      <h1>{t("forgot.title")}</h1>
      <p className="lead">{t("forgot.intro")}</p>
      <ErrorsOrWait id={form.errorId} errors={form.errors} wait={wait} waitMessage="forgot.rateLimited" />
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        <TextField field={fields.email} type="email" label={t("forgot.email")} autoComplete="username" />
        <SubmitButton>{t("forgot.submit")}</SubmitButton>
      </Form>
    </>
  );
}
