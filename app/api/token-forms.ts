import { z } from "zod";
import { id } from "~/forms/ids";
import { requiredText } from "~/forms/rules";
import { TOKEN_NAME_MAX } from "~/accounts/api-token-limits";

// The profile page's forms for API tokens (server and browser share them).
export const CreateTokenSchema = z.object({ intent: z.literal("token-create"), name: requiredText(TOKEN_NAME_MAX) });
export const RevokeTokenSchema = z.object({ intent: z.literal("token-revoke"), tokenId: id() });
export const TOKEN_INTENTS = ["token-create", "token-revoke"] as const;
