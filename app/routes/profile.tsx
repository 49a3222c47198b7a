import { pageTitle } from "~/i18n/titles";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { listApiTokens } from "~/accounts/api-tokens.server";
import { PasswordSchema, ProfileSchema } from "~/accounts/schemas";
import { requireUser } from "~/accounts/guards.server";
import { createSession } from "~/accounts/session.server";
import { changePassword, getProfile, updateProfile } from "~/accounts/users.server";
import { isTokenIntent, tokenAction, type TokenOutcome } from "~/api/token-actions.server";
import { ApiTokens } from "~/components/api-tokens";
import { CsrfInput } from "~/components/csrf";
import { NewPasswordFields, SubmitButton } from "~/components/submit";
import { FormErrors, Notice, SelectField, TextField } from "~/components/form";
import { useT } from "~/i18n";
import { localeCookieHeader } from "~/i18n/locale.server";
import { readForm } from "~/utils/csrf.server";
import { refusalReply } from "~/errors/reply.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.profile");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const [profile, tokens] = await Promise.all([getProfile(context.db, user.id), listApiTokens(context.db, user.id)]);
  return { profile, tokens };
}

type Outcome = { intent: "profile" | "password"; result: SubmissionResult<string[]>; done: boolean };
const PASSWORDS = ["currentPassword", "newPassword", "confirmPassword"];

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const formData = await readForm(request, context);
  if (isTokenIntent(formData.get("intent"))) return tokenAction(formData, user, context);
  if (formData.get("intent") === "password") {
    const submission = parseWithZod(formData, { schema: PasswordSchema });
    const answer = (result: Outcome["result"], status: number, headers?: HeadersInit) =>
      data({ intent: "password", result, done: status === 200 } satisfies Outcome, { status, headers });
    if (submission.status !== "success") return answer(submission.reply({ hideFields: PASSWORDS }), 400);
    try {
      await changePassword(
        context.db,
        user.id,
        submission.value.currentPassword,
        submission.value.newPassword,
        context.clientIp,
      );
    } catch (error) {
      const rename = { password: "newPassword" };
      return refusalReply(error, submission, {
        rename,
        hideFields: PASSWORDS,
        extra: { intent: "password", done: false },
      });
    }
    // Every session ended with the old password; this browser gets a new one.
    const cookie = await createSession(context, user.id, request.headers.get("User-Agent"));
    return answer(submission.reply({ resetForm: true }), 200, { "Set-Cookie": cookie });
  }
  const submission = parseWithZod(formData, { schema: ProfileSchema });
  if (submission.status !== "success")
    return data({ intent: "profile", result: submission.reply(), done: false } satisfies Outcome, { status: 400 });
  await updateProfile(
    context.db,
    user.id,
    { fullName: submission.value.fullName, locale: submission.value.locale },
    context.clientIp,
  );
  // The cookie keeps the language after signing out too.
  return data({ intent: "profile", result: submission.reply(), done: true } satisfies Outcome, {
    headers: { "Set-Cookie": localeCookieHeader(submission.value.locale, context.secureCookies) },
  });
}

export default function Profile() {
  const { profile, tokens } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as Outcome | TokenOutcome | undefined;
  const tokenOutcome = answer?.intent.startsWith("token-") ? (answer as TokenOutcome) : undefined;
  const outcome = tokenOutcome ? undefined : (answer as Outcome | undefined);
  const t = useT();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";
  const [profileForm, profileFields] = useForm({
    id: "profile-form",
    lastResult: outcome?.intent === "profile" ? outcome.result : undefined,
    defaultValue: { fullName: profile.full_name, locale: profile.locale },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProfileSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <>
      <h1>{t("profile.title")}</h1>
      {outcome?.done ? (
        <Notice kind="success">
          <p>{t(outcome.intent === "profile" ? "profile.saved" : "profile.passwordChanged")}</p>
        </Notice>
      ) : null}
      <section aria-labelledby="profile-account">
        <h2 id="profile-account">{t("profile.account")}</h2>
        <dl className="details">
          <dt>{t("profile.email")}</dt>
          <dd>{profile.email}</dd>
          <dt>{t("profile.role")}</dt>
          <dd>{t(`role.${profile.role}`)}</dd>
          <dt>{t("profile.organization")}</dt>
          <dd>{profile.organization_name ?? t("dashboard.noOrganization")}</dd>
        </dl>
      </section>
      <section aria-labelledby="profile-details">
        <h2 id="profile-details">{t("profile.detailsTitle")}</h2>
        <FormErrors id={profileForm.errorId} errors={profileForm.errors} />
        <Form method="post" className="stack" {...getFormProps(profileForm)}>
          <CsrfInput />
          <input type="hidden" name="intent" value="profile" />
          <TextField field={profileFields.fullName} label={t("profile.fullName")} autoComplete="name" />
          <SelectField
            field={profileFields.locale}
            label={t("profile.language")}
            options={[
              { value: "en", label: "English" },
              { value: "ru", label: "Русский" },
            ]}
          />
          <div>
            <button type="submit" className="primary" disabled={submitting}>
              {t("profile.save")}
            </button>
          </div>
        </Form>
      </section>
      <PasswordSection
        lastResult={outcome?.intent === "password" ? outcome.result : undefined}
        submitting={submitting}
      />
      <p>
        <Link to="/profile/notifications">{t("notifications.settings")}</Link>
      </p>
      <ApiTokens tokens={tokens} outcome={tokenOutcome} submitting={submitting} />
    </>
  );
}

/** Changes the password: the current one, then the new one twice. */
function PasswordSection({
  lastResult,
  submitting,
}: {
  lastResult: Outcome["result"] | undefined;
  submitting: boolean;
}) {
  const t = useT();
  const [passwordForm, passwordFields] = useForm({
    id: "password-form",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PasswordSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <section aria-labelledby="profile-password">
      <h2 id="profile-password">{t("profile.passwordTitle")}</h2>
      <FormErrors id={passwordForm.errorId} errors={passwordForm.errors} />
      <Form method="post" className="stack" {...getFormProps(passwordForm)}>
        <CsrfInput />
        <input type="hidden" name="intent" value="password" />
        <TextField
          field={passwordFields.currentPassword}
          type="password"
          label={t("profile.currentPassword")}
          autoComplete="current-password"
        />
        <NewPasswordFields
          password={passwordFields.newPassword}
          confirm={passwordFields.confirmPassword}
          labels={{
            password: "profile.newPassword",
            hint: "profile.newPasswordHint",
            confirm: "profile.confirmPassword",
          }}
        />
        <SubmitButton submitting={submitting}>{t("profile.changePassword")}</SubmitButton>
      </Form>
    </section>
  );
}
