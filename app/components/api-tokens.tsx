import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link } from "@remix-run/react";
import type { ApiTokenSummary } from "~/accounts/api-tokens.server";
import type { TokenOutcome } from "~/api/token-actions.server";
import { CreateTokenSchema } from "~/api/token-forms";
import { CsrfInput } from "~/components/csrf";
import { FormErrors, Notice, TextField } from "~/components/form";
import { useLocale, useT } from "~/i18n";
import { formatDateTime } from "~/i18n/format";

// The profile page's section on personal API tokens: create one (shown once), see and revoke them.

export function ApiTokens({
  tokens,
  outcome,
  submitting,
}: {
  tokens: ApiTokenSummary[];
  outcome?: TokenOutcome;
  submitting: boolean;
}) {
  const t = useT();
  const [form, fields] = useForm({
    id: "api-token-form",
    lastResult: outcome?.intent === "token-create" ? outcome.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateTokenSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const revokeErrors = outcome?.intent === "token-revoke" ? outcome.result.error?.[""] : undefined;
  return (
    <section aria-labelledby="profile-api-tokens">
      <h2 id="profile-api-tokens">{t("apiTokens.title")}</h2>
      <p>
        {t("apiTokens.intro")} <Link to="/api">{t("apiTokens.apiLink")}</Link>
      </p>
      {outcome?.intent === "token-create" && outcome.created ? <NewToken {...outcome.created} /> : null}
      {outcome?.intent === "token-revoke" && outcome.revoked ? (
        <Notice kind="success">
          <p>{t("apiTokens.revoked")}</p>
        </Notice>
      ) : null}
      <FormErrors id="api-token-revoke-errors" errors={revokeErrors} />
      <TokenList tokens={tokens} submitting={submitting} />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfInput />
        <input type="hidden" name="intent" value="token-create" />
        <TextField field={fields.name} label={t("apiTokens.name")} hint={t("apiTokens.nameHint")} autoComplete="off" />
        <div>
          <button type="submit" className="primary" disabled={submitting}>
            {t("apiTokens.create")}
          </button>
        </div>
      </Form>
    </section>
  );
}

/** The token in clear, this once, in a field that selects for copying; announced to screen readers. */
function NewToken({ name, token }: { name: string; token: string }) {
  const t = useT();
  return (
    <Notice kind="success">
      <p id="new-api-token-note">{t("apiTokens.created", { name })}</p>
      <div className="field">
        <label htmlFor="new-api-token">{t("apiTokens.tokenLabel")}</label>
        <input
          id="new-api-token"
          className="code"
          readOnly
          value={token}
          aria-describedby="new-api-token-note"
          onFocus={(e) => e.currentTarget.select()}
        />
      </div>
    </Notice>
  );
}

function TokenList({ tokens, submitting }: { tokens: ApiTokenSummary[]; submitting: boolean }) {
  const t = useT();
  const locale = useLocale();
  if (tokens.length === 0) return <p>{t("apiTokens.none")}</p>;
  return (
    <ul aria-label={t("apiTokens.caption")} className="token-list">
      {tokens.map((token) => (
        <li key={token.id}>
          <h3>{token.name}</h3>
          <dl className="details">
            <dt>{t("apiTokens.starts")}</dt>
            <dd className="code">{token.hint}…</dd>
            <dt>{t("apiTokens.createdAt")}</dt>
            <dd>{formatDateTime(locale, token.createdAt)}</dd>
            <dt>{t("apiTokens.lastUsed")}</dt>
            <dd>{token.lastUsedAt ? formatDateTime(locale, token.lastUsedAt) : t("apiTokens.never")}</dd>
          </dl>
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="token-revoke" />
            <input type="hidden" name="tokenId" value={token.id} />
            <button type="submit" disabled={submitting} aria-label={t("apiTokens.revokeLabel", { name: token.name })}>
              {t("apiTokens.revoke")}
            </button>
          </Form>
        </li>
      ))}
    </ul>
  );
}
