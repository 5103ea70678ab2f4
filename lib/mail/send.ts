import "server-only";
import { eq, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { emails, users } from "../../db/schema";
import { readEnv } from "../env";
import { mailTransport } from "./transport";

// Sends one email (the email-send job). Idempotent, so a retried job never delivers twice:
// 1. claim it: in a transaction that locks its row, a queued email becomes "sending";
// 2. hand it to the SMTP server;
// 3. record the outcome: "sent", or back to "queued" on a refusal (the job then fails and
//    pg-boss retries it with backoff).
// An email found "sent" (or kept, or failed) is left alone. One found "sending" was claimed by
// an attempt that died between 1 and 3: whether the server took it is unknown, so it becomes
// "unknown" and is not sent again (at most once; the outbox shows it).

/** Why an attempt failed, without what the server said (it may quote addresses or credentials). */
function failureOf(error: unknown): string {
  const code = (error as { code?: unknown; responseCode?: unknown }) ?? {};
  const parts = [
    typeof code.code === "string" ? code.code : null,
    typeof code.responseCode === "number" ? String(code.responseCode) : null,
  ];
  return `SMTP send failed${parts.some(Boolean) ? ` (${parts.filter(Boolean).join(" ")})` : ""}`;
}

export async function sendEmail(emailId: string): Promise<void> {
  const transport = mailTransport();
  const claimed = await getDb().transaction(async (tx) => {
    const [email] = await tx
      .select({
        id: emails.id,
        status: emails.status,
        toAddress: emails.toAddress,
        subject: emails.subject,
        textBody: emails.textBody,
        htmlBody: emails.htmlBody,
        unsubscribeUrl: emails.unsubscribeUrl,
        disabledAt: users.disabledAt,
        userId: emails.userId,
      })
      .from(emails)
      .leftJoin(users, eq(users.id, emails.userId))
      .where(eq(emails.id, emailId))
      .for("update", { of: emails });
    if (!email) return null;
    if (email.status === "sending") {
      await tx.update(emails).set({ status: "unknown" }).where(eq(emails.id, emailId));
      return null;
    }
    if (email.status !== "queued") return null;
    // Disabled (or deleted) since it was written: they get nothing.
    if (email.disabledAt || !email.userId) {
      await tx
        .update(emails)
        .set({ status: "failed", lastError: "The account is disabled" })
        .where(eq(emails.id, emailId));
      return null;
    }
    // No SMTP server any more (the configuration changed): kept for the outbox.
    if (!transport) {
      await tx.update(emails).set({ status: "kept" }).where(eq(emails.id, emailId));
      return null;
    }
    await tx.update(emails).set({ status: "sending", attempts: sqlIncrement() }).where(eq(emails.id, emailId));
    return email;
  });
  if (!claimed || !transport) return;

  const messageId = `<${claimed.id}@canvas.mail>`;
  try {
    await transport.sendMail({
      from: readEnv().MAIL_FROM,
      to: claimed.toAddress,
      subject: claimed.subject,
      text: claimed.textBody,
      html: claimed.htmlBody,
      messageId,
      // RFC 2369 and 8058: mail clients show an unsubscribe button that POSTs to the link, no sign-in.
      headers: {
        "List-Unsubscribe": `<${claimed.unsubscribeUrl}>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      },
    });
  } catch (error) {
    await getDb()
      .update(emails)
      .set({ status: "queued", lastError: failureOf(error) })
      .where(eq(emails.id, emailId));
    throw error;
  }
  await getDb()
    .update(emails)
    .set({ status: "sent", sentAt: sql`now()`, messageId, lastError: null })
    .where(eq(emails.id, emailId));
}

function sqlIncrement() {
  return sql`${emails.attempts} + 1`;
}
