import { pageTitle } from "~/i18n/titles";
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { resetLinkIsLive, resetPassword } from "~/accounts/password-reset.server";
import { CsrfInput } from "~/components/csrf";
import { ErrorsOrWait, NewPasswordFields, SubmitButton } from "~/components/submit";
import { Notice } from "~/components/form";
import { useT } from "~/i18n";
import { ResetPasswordSchema } from "~/notifications/schemas";
import { readForm } from "~/utils/csrf.server";
import { redirectWithFlash } from "~/flash/flash.server";
import { refusalReply } from "~/errors/reply.server";
import { isDomainError } from "~/errors/domain-error";

// The page a reset link opens. Opening it changes nothing (mail scanners open links too): the
// token is used only when the new password is posted.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.resetPassword");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  return { token, live: await resetLinkIsLive(context.db, token) };
}

const HIDE = ["password", "confirmPassword"];

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request, context), { schema: ResetPasswordSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply({ hideFields: HIDE }), retryAfterSeconds: null }, { status: 400 });
  try {
    await resetPassword(context.db, submission.value.token, submission.value.password, context.clientIp);
  } catch (error) {
    const retryAfterSeconds = isDomainError(error) && error.retryAfterSeconds > 0 ? error.retryAfterSeconds : null;
    return refusalReply(error, submission, { hideFields: HIDE, extra: { retryAfterSeconds } });
  }
  return redirectWithFlash("/login", { key: "reset.done" }, context);
}

export default function ResetPassword() {
  const { token, live } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetPasswordSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  if (!live && !actionData) {
    return (
      <>
        <h1>{t("reset.title")}</h1>
        <Notice kind="error">
          <p>{t("reset.invalid")}</p>
        </Notice>
        <p>
          <Link to="/forgot-password">{t("reset.askAgain")}</Link>
        </p>
      </>
    );
  }
  const wait = actionData?.retryAfterSeconds;
  return (
    <>
      <h1>{t("reset.title")}</h1>
      <ErrorsOrWait id={form.errorId} errors={form.errors} wait={wait} waitMessage="reset.rateLimited" />
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="token" value={token} />
        <NewPasswordFields
          password={fields.password}
          confirm={fields.confirmPassword}
          labels={{ password: "reset.password", hint: "reset.passwordHint", confirm: "reset.confirm" }}
        />
        <SubmitButton>{t("reset.submit")}</SubmitButton>
      </Form>
      {form.errors?.includes("reset.invalid") ? (
        <p>
          <Link to="/forgot-password">{t("reset.askAgain")}</Link>
        </p>
      ) : null}
    </>
  );
}
