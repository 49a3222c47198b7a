import nodemailer from "nodemailer";
import { mailFrom, smtpUrl } from "./config.server";

/** What the outbox worker sends through: an SMTP server, or anything else that delivers a message. */
export interface MailTransport {
  send(message: OutgoingMail): Promise<void>;
  close(): void;
}

export interface OutgoingMail {
  /** Stable per outbox row: a receiver that sees it twice can tell it is the same message. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * A transport for an SMTP URL (`smtp://user:pass@host:587`, `smtps://…` for TLS from the start).
 * Short timeouts: a server that does not answer fails the attempt, which the outbox retries later.
 */
export function smtpTransport(url: string, from = mailFrom()): MailTransport {
  const transporter = nodemailer.createTransport(
    { url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 },
    { from },
  );
  return {
    async send(message) {
      await transporter.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
      });
    },
    close: () => transporter.close(),
  };
}

/** The transport SMTP_URL configures, or null (then messages stay in the outbox). */
export function transportFromEnv(env: NodeJS.ProcessEnv = process.env): MailTransport | null {
  const url = smtpUrl(env);
  return url ? smtpTransport(url, mailFrom(env)) : null;
}
