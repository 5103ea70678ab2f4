import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { notificationPreferences } from "../../db/schema";
import type { NotificationKind } from "../notifications/vocabulary";
import { type Channel, CHANNELS, KIND_CHOICES } from "./vocabulary";

/** How each of `userIds` hears of `kind`: their choice, or the kind's default (lib/mail/vocabulary.ts). */
export async function channelsOf(
  db: Pick<Database, "select">,
  userIds: readonly string[],
  kind: NotificationKind,
): Promise<Map<string, Channel>> {
  const chosen = new Map<string, Channel>(userIds.map((id) => [id, KIND_CHOICES[kind].byDefault]));
  if (userIds.length === 0) return chosen;
  const rows = await db
    .select({ userId: notificationPreferences.userId, channel: notificationPreferences.channel })
    .from(notificationPreferences)
    .where(and(inArray(notificationPreferences.userId, [...userIds]), eq(notificationPreferences.kind, kind)));
  for (const row of rows)
    if ((CHANNELS as readonly string[]).includes(row.channel)) chosen.set(row.userId, row.channel as Channel);
  return chosen;
}
