import { DomainError, type DomainErrorInit } from "~/errors/domain-error";
import type { MessageKey } from "~/i18n";

// The refusals of access requests (accounts/access-requests.server.ts gathers the module).

export type AccessRequestErrorCode =
  | "email_taken"
  | "not_pending"
  | "unknown_organization"
  | "unknown_country"
  | "organization_name_taken"
  | "not_found"
  | "not_allowed"
  | "role_mismatch";

/**
 * A refused access request or answer (a DomainError): "requests.error.<code>" above the form, a 403
 * when the actor may not answer, else a 409; `init` says otherwise where the form has the field.
 */
export class AccessRequestError extends DomainError<AccessRequestErrorCode> {
  constructor(code: AccessRequestErrorCode, message: string, init: DomainErrorInit = {}) {
    super(code, {
      text: message,
      messageKey: REQUEST_MESSAGE[code],
      status: code === "not_allowed" ? 403 : 409,
      ...(code === "organization_name_taken" ? { field: "newOrganizationName" } : {}),
      ...init,
    });
  }
}

const REQUEST_MESSAGE: Partial<Record<AccessRequestErrorCode, MessageKey>> = {
  not_pending: "requests.error.not_pending",
  unknown_organization: "requests.error.unknown_organization",
  organization_name_taken: "requests.error.organization_name_taken",
  not_found: "requests.error.not_found",
  not_allowed: "requests.error.not_allowed",
  role_mismatch: "requests.error.role_mismatch",
};

/** The applicant's own form names the unknown choice on its field. */
export const UNKNOWN_CHOICE = (field: string): DomainErrorInit => ({ field, messageKey: "form.choose", status: 400 });
