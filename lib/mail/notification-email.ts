import "server-only";
import { inArray, sql } from "drizzle-orm";
import { notifications, users } from "../../db/schema";
import type { Tx } from "../canvas/lock";
import { describeNotifications } from "../notifications/read";
import { renderEmail } from "./layout";
import { absoluteUrl, preferencesUrl, unsubscribeUrl } from "./links";
import { queueEmail } from "./outbox";
import { CHANNEL_LABELS, KIND_CHOICES } from "./vocabulary";

/**
 * Emails at once the notifications just written in `tx` for people who chose "email at once",
 * and marks them mailed (the daily digest leaves them out). The email says what the
 * notification says, and quotes the comment it is about: the recipient may read it, or they
 * would not have been told (lib/notifications/write.ts).
 */
export async function emailNotifications(tx: Tx, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const described = await describeNotifications(tx, ids);
  const recipients = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.id, [...new Set(described.map((n) => n.userId))]));
  const addressOf = new Map(recipients.map((r) => [r.id, r.email]));
  for (const n of described) {
    const to = addressOf.get(n.userId);
    if (!to) continue;
    const unsubscribe = unsubscribeUrl(n.userId, n.kind);
    const { text, html } = renderEmail({
      heading: n.words,
      sections: [
        { lines: [{ text: "Open it in Canvas", href: absoluteUrl(n.href), quote: n.commentBody ?? undefined }] },
      ],
      footer: `You receive this because "${KIND_CHOICES[n.kind].label}" is set to "${CHANNEL_LABELS.email}".`,
      unsubscribeUrl: unsubscribe,
      preferencesUrl: preferencesUrl(),
    });
    await queueEmail(tx, {
      userId: n.userId,
      toAddress: to,
      kind: "notification",
      dedupeKey: `notification:${n.id}`,
      subject: n.words,
      text,
      html,
      unsubscribeUrl: unsubscribe,
    });
  }
  await tx
    .update(notifications)
    .set({ mailedAt: sql`now()` })
    .where(inArray(notifications.id, [...ids]));
}
