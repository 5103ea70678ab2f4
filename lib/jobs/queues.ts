// The app's job queues and schedules (pg-boss, lib/jobs/). One place for their names, retry
// policy and cron lines, read by the installer, the senders and the worker.
import type { Queue } from "pg-boss";

/** Sends one email row (lib/mail/send.ts); retried with backoff, idempotent by the row's status. */
export const SEND_EMAIL = "email-send";
/** Daily, 06:00 UTC: reminders of reviews due in 3 days or overdue, and of late proof points. */
export const REMINDERS = "reminders";
/** Hourly: the daily and weekly digests of whoever's 08:00 it now is (lib/mail/digests.ts). */
export const DIGESTS = "digests";
/** Monthly: folds months of trend deltas older than a year into one baseline (lib/trends/fold.ts). */
export const FOLD_TRENDS = "trends-fold";

type QueueOptions = Omit<Queue, "name">;

export const QUEUES: Readonly<Record<string, QueueOptions>> = {
  // An SMTP server down for a while: 8 tries over about an hour and a half (30 s doubling, at most 30 min).
  [SEND_EMAIL]: { retryLimit: 8, retryDelay: 30, retryBackoff: true, retryDelayMax: 1_800, expireInSeconds: 120 },
  // The scheduled sweeps are idempotent (their keys dedupe what they write): a retry redoes what is left.
  [REMINDERS]: { retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 600 },
  [DIGESTS]: { retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 600 },
  [FOLD_TRENDS]: { retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInSeconds: 1_800 },
};

/** The cron lines, in UTC: the digest sweep runs hourly and picks people by their own time zone. */
export const SCHEDULES: readonly { queue: string; cron: string }[] = [
  { queue: REMINDERS, cron: "0 6 * * *" },
  { queue: DIGESTS, cron: "0 * * * *" },
  { queue: FOLD_TRENDS, cron: "30 3 2 * *" },
];
