import { useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { FieldMetadata } from "@conform-to/react";
import { FormErrors, TextField } from "~/components/form";
import { formatWait } from "~/accounts/wait";
import { useLocale, useT, type MessageKey } from "~/i18n";

// Pieces the sign-in, password and record forms share.

/** The form's primary button, disabled while the form is being sent (no double submission). */
export function SubmitButton({ children, submitting }: { children: ReactNode; submitting?: boolean }) {
  const navigation = useNavigation();
  return (
    <div>
      <button type="submit" className="primary" disabled={submitting ?? navigation.state === "submitting"}>
        {children}
      </button>
    </div>
  );
}

/**
 * Above a throttled form: how long to wait when the server said so (429 with Retry-After), else the
 * form's own errors. Both carry the form's error id, which the form's fields point to.
 */
export function ErrorsOrWait({
  id,
  errors,
  wait,
  waitMessage,
}: {
  id: string;
  errors?: string[] | null;
  /** Seconds to wait, when the attempt was refused for being one too many. */
  wait?: number | null;
  waitMessage: MessageKey;
}) {
  const t = useT();
  const locale = useLocale();
  if (!wait) return <FormErrors id={id} errors={errors} />;
  return (
    <div id={id} className="notice error" role="alert">
      <p>{t(waitMessage, { wait: formatWait(locale, wait) })}</p>
    </div>
  );
}

/** A new password and its confirmation (the password managers' "new-password" fields). */
export function NewPasswordFields({
  password,
  confirm,
  labels,
}: {
  password: FieldMetadata<string>;
  confirm: FieldMetadata<string>;
  labels: { password: MessageKey; hint: MessageKey; confirm: MessageKey };
}) {
  const t = useT();
  return (
    <>
      <TextField
        field={password}
        type="password"
        label={t(labels.password)}
        hint={t(labels.hint)}
        autoComplete="new-password"
      />
      <TextField field={confirm} type="password" label={t(labels.confirm)} autoComplete="new-password" />
    </>
  );
}
