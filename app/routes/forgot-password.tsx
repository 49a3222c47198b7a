import { pageTitle } from "~/i18n/titles";
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { requestPasswordReset } from "~/accounts/password-reset.server";
import { CsrfInput } from "~/components/csrf";
import { ErrorsOrWait, SubmitButton } from "~/components/submit";
import { TextField } from "~/components/form";
import { redirectWithFlash } from "~/flash/flash.server";
import { useT } from "~/i18n";
import { ForgotPasswordSchema } from "~/notifications/schemas";
import { readForm } from "~/utils/csrf.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.forgotPassword");

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
  // The same answer for every address: nobody learns here who has an account. The notice is shown
  // once, on the sign-in page the link leads back to.
  return redirectWithFlash("/login", { key: "forgot.sent" }, context);
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>();
  const t = useT();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ForgotPasswordSchema }),
    shouldValidate: "onBlur",
  });
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
