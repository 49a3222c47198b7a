import { parseWithZod } from "@conform-to/zod/v4";
import type { SubmissionResult } from "@conform-to/react";
import { data, type AppLoadContext } from "@remix-run/node";
import { createApiToken, revokeApiToken } from "~/accounts/api-tokens.server";
import type { SessionUser } from "~/accounts/session.server";
import { CreateTokenSchema, RevokeTokenSchema, TOKEN_INTENTS } from "./token-forms";
import { refusalReply } from "~/errors/reply.server";

// The profile page's actions on API tokens. A created token is in this one answer and nowhere else.

export type TokenOutcome =
  | { intent: "token-create"; result: SubmissionResult<string[]>; created: { name: string; token: string } | null }
  | { intent: "token-revoke"; result: SubmissionResult<string[]>; revoked: boolean };

export const isTokenIntent = (intent: FormDataEntryValue | null): boolean =>
  (TOKEN_INTENTS as readonly unknown[]).includes(intent);

export async function tokenAction(formData: FormData, user: SessionUser, context: AppLoadContext) {
  if (formData.get("intent") === "token-create") {
    const submission = parseWithZod(formData, { schema: CreateTokenSchema });
    if (submission.status !== "success")
      return data({ intent: "token-create", result: submission.reply(), created: null } satisfies TokenOutcome, {
        status: 400,
      });
    try {
      const created = await createApiToken(context.db, user.id, submission.value.name, context.clientIp);
      return data(
        {
          intent: "token-create",
          result: submission.reply({ resetForm: true }),
          created: { name: created.name, token: created.token },
        } satisfies TokenOutcome,
        {
          headers: { "Cache-Control": "no-store" },
        },
      );
    } catch (error) {
      return refusalReply(error, submission, {
        extra: { intent: "token-create", created: null } satisfies Omit<
          Extract<TokenOutcome, { created: unknown }>,
          "result"
        >,
      });
    }
  }
  const submission = parseWithZod(formData, { schema: RevokeTokenSchema });
  if (submission.status !== "success")
    return data({ intent: "token-revoke", result: submission.reply(), revoked: false } satisfies TokenOutcome, {
      status: 400,
    });
  try {
    await revokeApiToken(context.db, user.id, submission.value.tokenId, context.clientIp);
  } catch (error) {
    return refusalReply(error, submission, {
      extra: { intent: "token-revoke", revoked: false } satisfies Omit<
        Extract<TokenOutcome, { revoked: unknown }>,
        "result"
      >,
    });
  }
  return data({ intent: "token-revoke", result: submission.reply(), revoked: true } satisfies TokenOutcome);
}
