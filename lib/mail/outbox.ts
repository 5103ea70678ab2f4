import "server-only";
import { emails } from "../../db/schema";
import type { Tx } from "../canvas/lock";
import { enqueue } from "../jobs/queue";
import { SEND_EMAIL } from "../jobs/queues";
import { smtpConfigured } from "./transport";
import type { EmailKind } from "./vocabulary";

export interface EmailDraft {
  userId: string;
  toAddress: string;
  kind: EmailKind;
  /** One email per key, ever: writing it again (a retried job, a rerun digest) writes nothing. */
  dedupeKey: string;
  subject: string;
  text: string;
  html: string;
  unsubscribeUrl: string;
}

/**
 * Writes an email in `tx`, with the job that sends it when there is an SMTP server: both exist
 * if and only if `tx` commits. Without SMTP_URL it is kept for /admin/outbox. Returns its id, or
 * null if its key was written before.
 */
export async function queueEmail(tx: Tx, draft: EmailDraft): Promise<string | null> {
  const sending = smtpConfigured();
  const [row] = await tx
    .insert(emails)
    .values({
      userId: draft.userId,
      toAddress: draft.toAddress,
      kind: draft.kind,
      dedupeKey: draft.dedupeKey,
      subject: draft.subject.slice(0, 300),
      textBody: draft.text,
      htmlBody: draft.html,
      unsubscribeUrl: draft.unsubscribeUrl,
      status: sending ? "queued" : "kept",
    })
    .onConflictDoNothing({ target: emails.dedupeKey })
    .returning({ id: emails.id });
  if (!row) return null;
  // The email's id is the job's singleton key: one live send job per email.
  if (sending) await enqueue(tx, SEND_EMAIL, { emailId: row.id }, { singletonKey: row.id });
  return row.id;
}
