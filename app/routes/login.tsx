import { pageTitle } from "~/i18n/titles";
import { getFormProps, useForm } from "@conform-to/react";
import { useEffect } from "react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getOptionalUser } from "~/accounts/guards.server";
import { LoginSchema } from "~/accounts/schemas";
import { rotateSession } from "~/accounts/session.server";
import { signIn } from "~/accounts/sign-in.server";
import { CsrfInput } from "~/components/csrf";
import { SubmitButton } from "~/components/submit";
import { TextField, translateError } from "~/components/form";
import { useLocale, useT } from "~/i18n";
import { formatWait } from "~/accounts/wait";
import { readForm } from "~/utils/csrf.server";
import { safeRedirectPath } from "~/utils/http.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.login");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"), "/dashboard");
  if (await getOptionalUser(request, context)) throw redirect(redirectTo);
  return { redirectTo };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readForm(request, context);
  const submission = parseWithZod(formData, { schema: LoginSchema });
  if (submission.status !== "success")
    return data({ result: submission.reply({ hideFields: ["password"] }), detail: null }, { status: 400 });

  const outcome = await signIn(context.db, submission.value.email, submission.value.password, context.clientIp);
  if (outcome.ok) {
    const cookie = await rotateSession(request, context, outcome.userId);
    return redirect(safeRedirectPath(submission.value.redirectTo, "/dashboard"), { headers: { "Set-Cookie": cookie } });
  }
  const messages = {
    invalid: "login.invalid",
    rate_limited: "login.rateLimited",
    pending: "login.pending",
    rejected: "login.rejected",
    suspended: "login.suspended",
  } as const;
  const detail =
    outcome.reason === "rate_limited"
      ? { retryAfterSeconds: outcome.retryAfterSeconds }
      : outcome.reason === "rejected"
        ? { reason: outcome.rejectionReason }
        : null;
  const status = outcome.reason === "rate_limited" ? 429 : outcome.reason === "invalid" ? 401 : 403;
  return data(
    { result: submission.reply({ formErrors: [messages[outcome.reason]], hideFields: ["password"] }), detail },
    {
      status,
      headers: outcome.reason === "rate_limited" ? { "Retry-After": String(outcome.retryAfterSeconds) } : undefined,
    },
  );
}

export default function Login() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  // A refused password is cleared, so it is not left on screen for the next attempt.
  useEffect(() => {
    const input = actionData ? document.getElementById(fields.password.id) : null;
    if (input instanceof HTMLInputElement) input.value = "";
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [actionData]);
  const formError = form.errors?.[0];
  const detail = actionData?.detail as { retryAfterSeconds?: number; reason?: string | null } | null | undefined;
  return (
    <>
      <h1>{t("login.title")}</h1>
      {formError ? (
        <div className="notice error" role="alert" id={form.errorId}>
          <p>
            {formError === "login.rateLimited"
              ? t("login.rateLimited", { wait: formatWait(locale, detail?.retryAfterSeconds ?? 60) })
              : translateError(t, formError)}
          </p>
          {formError === "login.rejected" && detail?.reason ? (
            <p>{t("login.rejectedReason", { reason: detail.reason })}</p>
          ) : null}
        </div>
      ) : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField field={fields.email} type="email" label={t("login.email")} autoComplete="username" />
        <TextField
          field={fields.password}
          type="password"
          label={t("login.password")}
          autoComplete="current-password"
        />
        <SubmitButton>{t("login.submit")}</SubmitButton>
      </Form>
      <p>
        <Link to="/forgot-password">{t("forgot.link")}</Link>
      </p>
      <p>
        {t("login.noAccount")} <Link to="/join">{t("nav.join")}</Link>
      </p>
    </>
  );
}
