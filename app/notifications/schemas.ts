import { z } from "zod";
import { id } from "~/forms/ids";
import { lenient, queryPage, queryText } from "~/forms/query";
import { choice, email, newPassword } from "~/forms/rules";
import { DELIVERIES } from "./events";

// One zod schema per form of the notifications, follows, outbox and password-reset pages.

/** Notification ids are bigints: digits only, within PostgreSQL's bigint range. */
const notificationId = () => z.string({ error: "form.required" }).regex(/^[1-9]\d{0,17}$/, { error: "form.invalid" });

export const NotificationsQuery = z.object({ page: queryPage(), show: lenient(z.enum(["unread"])) });

export const NotificationActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: notificationId() }),
  z.object({ intent: z.literal("unread"), id: notificationId() }),
  z.object({ intent: z.literal("read-all") }),
]);

export const delivery = () => choice(DELIVERIES);

export const FollowSchema = z.object({
  intent: z.literal("follow"),
  kind: choice(["pillar", "country", "route"]),
  code: z
    .string({ error: "form.choose" })
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,20}$/, { error: "form.choose" }),
});

export const UnfollowSchema = z.object({ intent: z.literal("unfollow"), followId: id() });

export const OutboxQuery = z.object({ page: queryPage(), to: queryText(320) });

export const ForgotPasswordSchema = z.object({ email: email() });

export const TOKEN_FIELD = z
  .string({ error: "reset.invalid" })
  .regex(/^[A-Za-z0-9_-]{43}$/, { error: "reset.invalid" });

export const ResetPasswordSchema = z
  .object({
    token: TOKEN_FIELD,
    password: newPassword(),
    confirmPassword: z.string({ error: "form.required" }),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], message: "reset.mismatch" });

export const VerifyEmailSchema = z.object({ token: TOKEN_FIELD });
