import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { readEnv } from "../env";

// The SMTP transport (nodemailer), one per SMTP_URL for the process. Without SMTP_URL there is
// none: emails are kept in the database for /admin/outbox (lib/mail/outbox.ts).

const globalForMail = globalThis as unknown as { canvasMail?: { url: string; transport: Transporter } };

export const smtpConfigured = (): boolean => readEnv().SMTP_URL !== undefined;

export function mailTransport(): Transporter | null {
  const url = readEnv().SMTP_URL;
  if (!url) return null;
  if (globalForMail.canvasMail?.url !== url) {
    globalForMail.canvasMail?.transport.close();
    // Bounded waits: a silent server fails the attempt, and the job retries it later.
    const transport = nodemailer.createTransport(url, {
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } as never);
    globalForMail.canvasMail = { url, transport };
  }
  return globalForMail.canvasMail.transport;
}
