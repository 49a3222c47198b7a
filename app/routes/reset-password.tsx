import { pageTitle } from "~/i18n/titles";
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { resetLinkIsLive, resetPassword } from "~/accounts/password-reset.server";
import { formatWait } from "~/accounts/wait";
import { CsrfInput } from "~/components/csrf";
import { FormErrors, Notice, TextField } from "~/components/form";
import { useLocale, useT } from "~/i18n";
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
  const locale = useLocale();
  const navigation = useNavigation();
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
      {wait ? (
        <div id={form.errorId} className="notice error" role="alert">
          <p>{t("reset.rateLimited", { wait: formatWait(locale, wait) })}</p>
        </div>
      ) : (
        <FormErrors id={form.errorId} errors={form.errors} />
      )}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="token" value={token} />
        <TextField
          field={fields.password}
          type="password"
          label={t("reset.password")}
          hint={t("reset.passwordHint")}
          autoComplete="new-password"
        />
        <TextField
          field={fields.confirmPassword}
          type="password"
          label={t("reset.confirm")}
          autoComplete="new-password"
        />
        <div>
          <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
            {t("reset.submit")}
          </button>
        </div>
      </Form>
      {form.errors?.includes("reset.invalid") ? (
        <p>
          <Link to="/forgot-password">{t("reset.askAgain")}</Link>
        </p>
      ) : null}
    </>
  );
}
