// How people choose to hear of things, and what an email can be: shared by the server and the
// preferences form (no server-only here).
import { NOTIFICATION_KINDS, type NotificationKind } from "../notifications/vocabulary";

/** Off; in the app only; in the app and by email at once; in the app and in the next daily digest. */
export const CHANNELS = ["off", "in_app", "email", "digest"] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_LABELS: Readonly<Record<Channel, string>> = {
  off: "Off",
  in_app: "In the app only",
  email: "Email at once",
  digest: "Daily digest email",
};

/** Each kind as the preferences page names it, and how someone hears of it until they choose. */
export const KIND_CHOICES: Readonly<Record<NotificationKind, { label: string; byDefault: Channel }>> = {
  mention: { label: "Someone mentions you", byDefault: "email" },
  reply: { label: "A reply in a thread you wrote in", byDefault: "in_app" },
  comment: { label: "A comment on your VBU", byDefault: "in_app" },
  review_published: { label: "A review is published (admins)", byDefault: "in_app" },
  review_acknowledged: { label: "Your review is acknowledged", byDefault: "in_app" },
  vbu_assigned: { label: "A VBU is assigned to you", byDefault: "email" },
  review_due: { label: "Your review is due in 3 days", byDefault: "email" },
  review_overdue: { label: "Your review is overdue", byDefault: "email" },
  proof_points_overdue: { label: "Proof points past their review month", byDefault: "digest" },
};
export const PREFERENCE_KINDS: readonly NotificationKind[] = NOTIFICATION_KINDS;

/** The weekly portfolio digest: for admins and viewers, who opt in (admins are in until they opt out). */
export const WEEKLY_DIGEST = "weekly_digest";
export const WEEKLY_DIGEST_LABEL = "Weekly portfolio digest";
export const mayHaveWeeklyDigest = (role: string) => role === "admin" || role === "viewer";
export const weeklyDigestByDefault = (role: string): boolean => role === "admin";

/** When digests go out, in each person's own time zone: daily at 08:00, the weekly one on Mondays. */
export const DIGEST_HOUR = 8;
export const WEEKLY_DIGEST_WEEKDAY = 1; // Monday, as Date.getDay() counts

export const EMAIL_KINDS = ["notification", "daily_digest", "weekly_digest"] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

export const EMAIL_STATUSES = ["queued", "sending", "sent", "kept", "failed", "unknown"] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];
export const EMAIL_STATUS_LABELS: Readonly<Record<EmailStatus, string>> = {
  queued: "Waiting to send",
  sending: "Sending",
  sent: "Sent",
  kept: "Kept (no SMTP server)",
  failed: "Failed",
  unknown: "Delivery unknown",
};

/** Where admins read the emails kept without SMTP_URL. */
export const OUTBOX_PATH = "/admin/outbox";
/** Where each person chooses. */
export const PREFERENCES_PATH = "/account/notifications";
/** The one-click unsubscribe, signed: needs no sign-in. */
export const UNSUBSCRIBE_PATH = "/unsubscribe";

/** An IANA time zone this runtime knows ("Europe/Paris"); "UTC" by default. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return zone.length <= 64;
  } catch {
    return false;
  }
}
