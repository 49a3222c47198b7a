import { z } from "zod";
import { refusalText, type DomainError } from "~/errors/domain-error";
import { translateOr, translator, type Locale, type MessageKey } from "~/i18n";

// The API's one shape of error: { "error": { "code", "message", "details" } }. `code` is stable
// (clients branch on it), `message` is for people (in the caller's language), `details` says more
// when there is more to say (the parameters at fault, the seconds to wait).

export const API_ERROR_CODES = [
  "unauthorized",
  "invalid_token",
  "forbidden",
  "not_found",
  "invalid_parameters",
  "method_not_allowed",
  "rate_limited",
  "internal",
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

const STATUS: Record<ApiErrorCode, number> = {
  unauthorized: 401,
  invalid_token: 401,
  forbidden: 403,
  not_found: 404,
  invalid_parameters: 400,
  method_not_allowed: 405,
  rate_limited: 429,
  internal: 500,
};

const MESSAGE: Record<ApiErrorCode, MessageKey> = {
  unauthorized: "api.error.unauthorized",
  invalid_token: "api.error.invalidToken",
  forbidden: "api.error.forbidden",
  not_found: "api.error.notFound",
  invalid_parameters: "api.error.badRequest",
  method_not_allowed: "api.error.methodNotAllowed",
  rate_limited: "api.error.rateLimited",
  internal: "api.error.internal",
};

export const ParameterIssueSchema = z.object({
  field: z.string().meta({ description: "The query parameter at fault.", example: "pillar" }),
  message: z.string(),
});
export type ParameterIssue = z.infer<typeof ParameterIssueSchema>;

export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(API_ERROR_CODES),
      message: z.string(),
      details: z.object({
        issues: z
          .array(ParameterIssueSchema)
          .optional()
          .meta({ description: "With invalid_parameters: each parameter at fault." }),
        retryAfterSeconds: z
          .number()
          .int()
          .optional()
          .meta({ description: "With rate_limited: as the Retry-After header." }),
      }),
    }),
  })
  .meta({ id: "Error", description: "Every error of the API has this shape." });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    readonly details: ErrorBody["error"]["details"] = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(code);
  }

  get status(): number {
    return STATUS[this.code];
  }
}

/** The API's code for a domain refusal, by the status the domain gave it (one table: app/errors/domain-error.ts). */
const CODE_OF_STATUS: Readonly<Record<number, ApiErrorCode>> = {
  400: "invalid_parameters",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  429: "rate_limited",
};

/**
 * A domain refusal in the API's envelope: the code from its status; a refusal the API has no code for
 * (a conflict) is "invalid_parameters" with the domain's own message on the field it names.
 */
export function apiErrorOf(error: DomainError, locale: Locale): ApiError {
  const code = CODE_OF_STATUS[error.status] ?? "invalid_parameters";
  if (code !== "invalid_parameters") return new ApiError(code, code === "rate_limited" ? retryOf(error) : {});
  return new ApiError(code, { issues: [{ field: error.field ?? "query", message: refusalText(error, locale) }] });
}

const retryOf = (error: DomainError) =>
  error.retryAfterSeconds > 0 ? { retryAfterSeconds: error.retryAfterSeconds } : {};

/** The JSON answer for an API error, worded in `locale`. */
export function errorResponse(error: ApiError, locale: Locale): Response {
  const t = translator(locale);
  const params =
    error.details.retryAfterSeconds !== undefined ? { seconds: error.details.retryAfterSeconds } : undefined;
  const body: ErrorBody = {
    error: { code: error.code, message: t(MESSAGE[error.code], params), details: error.details },
  };
  return Response.json(body, { status: error.status, headers: { "Cache-Control": "no-store", ...error.headers } });
}

/** Parameter issues from zod, messages in `locale` (the schemas' messages are dictionary keys). */
export function parameterIssues(error: z.ZodError, locale: Locale): ParameterIssue[] {
  const t = translator(locale);
  return error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys")
      return issue.keys.map((field) => ({ field, message: t("api.error.unknownParameter") }));
    // The schemas' messages are dictionary keys; a zod default message (English) is kept as it is.
    return [
      { field: issue.path.map(String).join(".") || "query", message: translateOr(t, issue.message, issue.message) },
    ];
  });
}
