import "server-only";
import { and, asc, eq, gte, inArray, isNull, lt, type SQL, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import {
  boardCards,
  canvases,
  changeHistory,
  emails,
  type LifecycleLane,
  monthlyReviews,
  notificationPreferences,
  notifications,
  type ProofPointStatus,
  type UserRole,
  users,
  vbus,
} from "../../db/schema";
import type { Actor } from "../auth/roles";
import { boardHref } from "../board/filters";
import { BY_NAME, boardFilterConditions } from "../board/read";
import { laneLabel, statusWord } from "../canvas/vocabulary";
import { formatDay, formatReviewMonth } from "../dates";
import { historyPath } from "../history/paths";
import { type HistorySubject, STALE_AFTER_DAYS } from "../history/vocabulary";
import { logger } from "../log";
import { describeNotifications } from "../notifications/read";
import { NOTIFICATIONS_PATH } from "../notifications/vocabulary";
import { reviewPath } from "../reviews/paths";
import { monthParam, REVIEW_HEALTH_LABELS } from "../reviews/vocabulary";
import { type EmailLine, type EmailSection, renderEmail } from "./layout";
import { absoluteUrl, preferencesUrl, unsubscribeUrl } from "./links";
import { queueEmail } from "./outbox";
import {
  type Channel,
  CHANNEL_LABELS,
  DIGEST_HOUR,
  KIND_CHOICES,
  mayHaveWeeklyDigest,
  WEEKLY_DIGEST,
  WEEKLY_DIGEST_LABEL,
  WEEKLY_DIGEST_WEEKDAY,
  weeklyDigestByDefault,
} from "./vocabulary";

// The digests (the DIGESTS job, hourly), each in its person's own time zone (users.time_zone):
// - daily, from DIGEST_HOUR: the notifications they chose to hear of in a daily digest, not
//   mailed yet, written in the 7 days before today's DIGEST_HOUR, in one email; then marked mailed;
// - weekly, on WEEKLY_DIGEST_WEEKDAY from DIGEST_HOUR, for admins and viewers who are in: what
//   changed in the portfolio in the week before (from the change history): lane moves, proof
//   point status changes, reviews published, and the VBUs stale now (the board's rule).
// Each email has its key (one per person and local day, or local ISO week): a run that missed the
// hour sends later the same local day, and a later run that day sends nothing again. A digest
// covers up to DIGEST_HOUR: what is told after it waits for the next one, so later runs of the
// same day find nothing new to send, and no day's or week's changes fall between two digests.

/** Lines a daily digest lists; the rest are counted, and the notifications page lists them. */
const DAILY_CAP = 50;
/** How far back a daily digest looks: older unsent notifications are left to the app. */
const DAILY_LOOKBACK_DAYS = 7;
/** Lines per section of the weekly digest, then "and N more". */
const WEEKLY_CAP = 10;

const DAY_MS = 24 * 60 * 60 * 1000;
const UNSUBSCRIBE_DAILY = "daily_digest";

// ---------------------------------------------------------------------------- local time

/** A moment as someone reads their clock: their date (YYYY-MM-DD), hour and weekday (0 = Sunday). */
export interface LocalMoment {
  date: string;
  hour: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** A zone this runtime knows, else UTC (a zone a later runtime dropped must not stop everyone's digest). */
function knownZone(zone: string): string {
  try {
    formatterOf(zone);
    return zone;
  } catch {
    return "UTC";
  }
}

/** The wall clock in `zone` at `instant`, as a UTC timestamp of the same fields (whole seconds). */
function wallClock(instant: number, zone: string): number {
  const parts = Object.fromEntries(
    formatterOf(zone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
}

export function localMoment(instant: Date, zone: string): LocalMoment {
  const wall = new Date(wallClock(instant.getTime(), knownZone(zone)));
  return { date: wall.toISOString().slice(0, 10), hour: wall.getUTCHours(), weekday: wall.getUTCDay() };
}

/** The instant a local date's `hour` o'clock begins in `zone` (the first, where DST repeats an hour). */
export function zonedInstant(date: string, hour: number, zone: string): Date {
  const known = knownZone(zone);
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour);
  const offsetAt = (instant: number) => wallClock(instant, known) - Math.floor(instant / 1000) * 1000;
  const first = wall - offsetAt(wall);
  return new Date(wall - offsetAt(first));
}

/** A local date `days` later (or earlier). */
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The ISO week a date falls in: "2026-W49". */
export function isoWeek(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  // The week's Thursday decides its year.
  const thursday = new Date(day.getTime() + (3 - ((day.getUTCDay() + 6) % 7)) * DAY_MS);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - yearStart) / DAY_MS / 7) + 1;
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** The first `cap` lines, then one that counts the rest (leading where they all are, if given). */
function capped(lines: EmailLine[], cap: number, rest?: string): EmailLine[] {
  if (lines.length <= cap) return lines;
  return [...lines.slice(0, cap), { text: `and ${lines.length - cap} more`, href: rest }];
}

// ---------------------------------------------------------------------------- who is due

interface Recipient {
  id: string;
  email: string;
  role: UserRole;
  zone: string;
  local: LocalMoment;
}

/** Of these email keys, those written before. */
async function writtenKeys(keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await getDb()
    .select({ key: emails.dedupeKey })
    .from(emails)
    .where(sql`${emails.dedupeKey} IN (SELECT jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb))`);
  return new Set(rows.map((r) => r.key));
}

// ---------------------------------------------------------------------------- the daily digest

const dailyKey = (r: Recipient) => `daily_digest:${r.id}:${r.local.date}`;

/** Each kind's channel until someone chooses (KIND_CHOICES), in SQL: constants of the code, as literals. */
const DEFAULT_CHANNEL = sql.raw(
  `CASE "notifications"."kind" ${Object.entries(KIND_CHOICES)
    .map(([kind, choice]) => `WHEN '${kind}' THEN '${choice.byDefault}'`)
    .join(" ")} END`,
);
const DIGEST: Channel = "digest";

async function sendDailyDigests(due: readonly Recipient[]): Promise<number> {
  const sent = await writtenKeys(due.map(dailyKey));
  const pending = due.filter((r) => !sent.has(dailyKey(r)));
  if (pending.length === 0) return 0;
  // Everyone's notifications for the digest, in one query: each person's until their DIGEST_HOUR.
  const until = pending.map((r) => ({ user_id: r.id, until: zonedInstant(r.local.date, DIGEST_HOUR, r.zone) }));
  const rows = await getDb()
    .select({ id: notifications.id, userId: notifications.userId })
    .from(sql`jsonb_to_recordset(${JSON.stringify(until)}::jsonb) AS due(user_id uuid, until timestamptz)`)
    .innerJoin(
      notifications,
      and(
        sql`${notifications.userId} = due.user_id`,
        isNull(notifications.mailedAt),
        sql`${notifications.createdAt} < due.until`,
        sql`${notifications.createdAt} >= due.until - ${`${DAILY_LOOKBACK_DAYS} days`}::interval`,
      ),
    )
    .leftJoin(
      notificationPreferences,
      and(
        eq(notificationPreferences.userId, notifications.userId),
        eq(notificationPreferences.kind, notifications.kind),
      ),
    )
    .where(sql`coalesce(${notificationPreferences.channel}, ${DEFAULT_CHANNEL}) = ${DIGEST}`)
    .orderBy(asc(notifications.addedSeq));
  const idsOf = new Map<string, string[]>();
  for (const row of rows) idsOf.set(row.userId, [...(idsOf.get(row.userId) ?? []), row.id]);

  let count = 0;
  for (const recipient of pending) {
    const ids = idsOf.get(recipient.id);
    if (!ids) continue; // nothing to say: no email
    const queued = await getDb().transaction(async (tx) => {
      const told = await describeNotifications(tx, ids);
      if (told.length === 0) return false;
      const unsubscribe = unsubscribeUrl(recipient.id, UNSUBSCRIBE_DAILY);
      const summary = plural(told.length, "notification");
      const { text, html } = renderEmail({
        heading: `Your daily digest: ${summary}`,
        intro: `What happened in Canvas since your last digest, up to ${String(DIGEST_HOUR).padStart(2, "0")}:00 today.`,
        sections: [
          {
            lines: capped(
              told.map((n) => ({ text: n.words, href: absoluteUrl(n.href), quote: n.commentBody ?? undefined })),
              DAILY_CAP,
              absoluteUrl(NOTIFICATIONS_PATH),
            ),
          },
        ],
        footer: `You receive this because some notifications are set to "${CHANNEL_LABELS.digest}".`,
        unsubscribeUrl: unsubscribe,
        preferencesUrl: preferencesUrl(),
      });
      const id = await queueEmail(tx, {
        userId: recipient.id,
        toAddress: recipient.email,
        kind: "daily_digest",
        dedupeKey: dailyKey(recipient),
        subject: `Canvas daily digest: ${summary}`,
        text,
        html,
        unsubscribeUrl: unsubscribe,
      });
      // Written before (a run at the same time): that one carried them, or the next digest will.
      if (!id) return false;
      await tx
        .update(notifications)
        .set({ mailedAt: sql`now()` })
        .where(and(inArray(notifications.id, ids), isNull(notifications.mailedAt)));
      return true;
    });
    if (queued) count++;
  }
  return count;
}

// ---------------------------------------------------------------------------- the weekly digest

const weeklyKey = (r: Recipient) => `weekly_digest:${r.id}:${isoWeek(r.local.date)}`;

const LANE_KEY = canvases.lifecycleLane.name;
const STATUS_KEY = "status";
const subjectIs = (subject: HistorySubject) => eq(changeHistory.subject, subject);
const changed = eq(changeHistory.action, "changed");
/** An entry whose changes hold this column, the key a literal (as the partial indexes are written). */
const changes = (column: string) => sql`${changeHistory.changes} ? ${sql.raw(`'${column}'`)}`;
/** A column's value after the change, as text. */
const after = (column: string) => sql<string>`${changeHistory.changes} -> ${sql.raw(`'${column}'`)} ->> 1`;
const before = (column: string) => sql<string>`${changeHistory.changes} -> ${sql.raw(`'${column}'`)} ->> 0`;

/** The portfolio's week, as everyone who may have the digest reads it (admins and viewers read every VBU). */
export interface PortfolioWeek {
  laneMoves: { vbuId: string; vbuName: string; from: LifecycleLane; to: LifecycleLane }[];
  /** Per VBU: its proof points' status changes, counted by the status they went to. */
  statusChanges: { vbuId: string; vbuName: string; total: number; to: Partial<Record<ProofPointStatus, number>> }[];
  /** Published reviews only: a draft is its GM's, and no digest names one. */
  reviewsPublished: { vbuId: string; vbuName: string; month: string; health: string | null }[];
  stale: { vbuId: string; vbuName: string }[];
}

/**
 * What changed in [start, end) (through ix_change_history_at), and the VBUs stale at `now`, of the
 * VBUs there are now (a deleted VBU's history is not everyone's). Drafts never: the history records
 * a review only when it is published or acknowledged (drizzle/0011), and its row must say published.
 */
export async function portfolioWeek(reader: Actor, start: Date, end: Date, now: Date): Promise<PortfolioWeek> {
  const db = getDb();
  const inWeek = (...more: SQL[]) => and(gte(changeHistory.at, start), lt(changeHistory.at, end), changed, ...more);
  const [laneMoves, statusRows, reviewsPublished, stale] = await Promise.all([
    db
      .select({
        vbuId: vbus.id,
        vbuName: vbus.name,
        from: before(LANE_KEY).mapWith(String),
        to: after(LANE_KEY).mapWith(String),
      })
      .from(changeHistory)
      .innerJoin(vbus, eq(vbus.id, changeHistory.vbuId))
      .where(inWeek(subjectIs("canvas"), changes(LANE_KEY)))
      .orderBy(asc(changeHistory.id)),
    db
      .select({
        vbuId: vbus.id,
        vbuName: vbus.name,
        to: after(STATUS_KEY).mapWith(String),
        count: sql<number>`count(*)::int`,
      })
      .from(changeHistory)
      .innerJoin(vbus, eq(vbus.id, changeHistory.vbuId))
      .where(inWeek(subjectIs("proof_point"), changes(STATUS_KEY)))
      .groupBy(vbus.id, vbus.name, after(STATUS_KEY))
      .orderBy(sql`lower(${vbus.name})`, vbus.id),
    db
      .select({
        vbuId: vbus.id,
        vbuName: vbus.name,
        month: monthlyReviews.month,
        health: monthlyReviews.health,
      })
      .from(changeHistory)
      .innerJoin(monthlyReviews, eq(monthlyReviews.id, changeHistory.subjectId))
      .innerJoin(vbus, eq(vbus.id, monthlyReviews.vbuId))
      .where(
        and(
          inWeek(subjectIs("review"), changes(STATUS_KEY)),
          sql`${after(STATUS_KEY)} = 'published'`,
          eq(monthlyReviews.status, "published"),
        ),
      )
      .orderBy(asc(changeHistory.id)),
    // The board's stale rule, as its ?stale=1 filter applies it.
    db
      .select({ vbuId: boardCards.vbuId, vbuName: boardCards.name })
      .from(boardCards)
      .innerJoin(canvases, eq(canvases.id, boardCards.canvasId))
      .where(and(...boardFilterConditions(reader, { stale: true }, now)))
      .orderBy(...BY_NAME),
  ]);
  const byVbu = new Map<string, PortfolioWeek["statusChanges"][number]>();
  for (const row of statusRows) {
    const entry = byVbu.get(row.vbuId) ?? { vbuId: row.vbuId, vbuName: row.vbuName, total: 0, to: {} };
    entry.total += row.count;
    entry.to[row.to as ProofPointStatus] = (entry.to[row.to as ProofPointStatus] ?? 0) + row.count;
    byVbu.set(row.vbuId, entry);
  }
  return {
    laneMoves: laneMoves.map((m) => ({ ...m, from: m.from as LifecycleLane, to: m.to as LifecycleLane })),
    statusChanges: [...byVbu.values()],
    reviewsPublished,
    stale,
  };
}

/** The digest's subject line's counts, none of them zero ("3 lane moves, 5 reviews published"). */
function weekSummary(week: PortfolioWeek): string[] {
  const statusChanges = week.statusChanges.reduce((sum, v) => sum + v.total, 0);
  return [
    week.laneMoves.length > 0 && plural(week.laneMoves.length, "lane move"),
    statusChanges > 0 && plural(statusChanges, "status change"),
    week.reviewsPublished.length > 0 && `${plural(week.reviewsPublished.length, "review")} published`,
    week.stale.length > 0 && plural(week.stale.length, "stale VBU"),
  ].filter((part): part is string => Boolean(part));
}

function weekSections(week: PortfolioWeek): EmailSection[] {
  const vbuUrl = (vbuId: string) => absoluteUrl(`/vbus/${vbuId}`);
  const sections: EmailSection[] = [];
  if (week.laneMoves.length > 0) {
    sections.push({
      title: `Lane moves (${week.laneMoves.length})`,
      lines: capped(
        week.laneMoves.map((m) => ({
          text: `${m.vbuName}: ${laneLabel(m.from)} → ${laneLabel(m.to)}`,
          href: vbuUrl(m.vbuId),
        })),
        WEEKLY_CAP,
      ),
    });
  }
  if (week.statusChanges.length > 0) {
    const total = week.statusChanges.reduce((sum, v) => sum + v.total, 0);
    sections.push({
      title: `Proof point status changes (${total})`,
      lines: capped(
        week.statusChanges.map((v) => ({
          text: `${v.vbuName}: ${plural(v.total, "change")} (${Object.entries(v.to)
            .map(([status, n]) => `${n} ${statusWord(status as ProofPointStatus)}`)
            .join(", ")})`,
          href: absoluteUrl(historyPath(v.vbuId, { field: STATUS_KEY })),
        })),
        WEEKLY_CAP,
      ),
    });
  }
  if (week.reviewsPublished.length > 0) {
    sections.push({
      title: `Reviews published (${week.reviewsPublished.length})`,
      lines: capped(
        week.reviewsPublished.map((r) => ({
          text: `${r.vbuName}: ${formatReviewMonth(monthParam(r.month))} review${
            r.health ? `, ${REVIEW_HEALTH_LABELS[r.health as keyof typeof REVIEW_HEALTH_LABELS]}` : ""
          }`,
          href: absoluteUrl(reviewPath(r.vbuId, monthParam(r.month))),
        })),
        WEEKLY_CAP,
      ),
    });
  }
  if (week.stale.length > 0) {
    sections.push({
      title: `Stale: no change for ${STALE_AFTER_DAYS} days (${week.stale.length})`,
      lines: capped(
        week.stale.map((s) => ({ text: s.vbuName, href: vbuUrl(s.vbuId) })),
        WEEKLY_CAP,
        absoluteUrl(boardHref({ stale: true })),
      ),
    });
  }
  return sections;
}

/** Of these admins and viewers, those who have the weekly digest: their choice, or their role's default. */
async function weeklyReaders(candidates: readonly Recipient[]): Promise<Recipient[]> {
  if (candidates.length === 0) return [];
  const rows = await getDb()
    .select({ userId: notificationPreferences.userId, channel: notificationPreferences.channel })
    .from(notificationPreferences)
    .where(
      and(
        inArray(
          notificationPreferences.userId,
          candidates.map((c) => c.id),
        ),
        eq(notificationPreferences.kind, WEEKLY_DIGEST),
      ),
    );
  const chosen = new Map(rows.map((r) => [r.userId, r.channel === "email"]));
  return candidates.filter((c) => chosen.get(c.id) ?? weeklyDigestByDefault(c.role));
}

async function sendWeeklyDigests(due: readonly Recipient[], now: Date): Promise<number> {
  const candidates = due.filter((r) => r.local.weekday === WEEKLY_DIGEST_WEEKDAY && mayHaveWeeklyDigest(r.role));
  const sent = await writtenKeys(candidates.map(weeklyKey));
  const readers = await weeklyReaders(candidates.filter((r) => !sent.has(weeklyKey(r))));
  // One week's contents per time zone's week (everyone in a zone reads the same week).
  const weeks = new Map<string, Promise<PortfolioWeek>>();
  let count = 0;
  for (const reader of readers) {
    const startDay = addDays(reader.local.date, -7);
    const start = zonedInstant(startDay, DIGEST_HOUR, reader.zone);
    const end = zonedInstant(reader.local.date, DIGEST_HOUR, reader.zone);
    const span = `${start.toISOString()} ${end.toISOString()}`;
    if (!weeks.has(span)) weeks.set(span, portfolioWeek(reader, start, end, now));
    const week = await weeks.get(span)!;
    const summary = weekSummary(week);
    if (summary.length === 0) continue; // a quiet week: no email
    const unsubscribe = unsubscribeUrl(reader.id, WEEKLY_DIGEST);
    const { text, html } = renderEmail({
      heading: "Canvas weekly digest",
      intro: `What changed in the portfolio from ${formatDay(`${startDay}T00:00:00Z`)} to ${formatDay(
        `${reader.local.date}T00:00:00Z`,
      )}: ${summary.join(", ")}.`,
      sections: weekSections(week),
      footer: `You receive this because "${WEEKLY_DIGEST_LABEL}" is on.`,
      unsubscribeUrl: unsubscribe,
      preferencesUrl: preferencesUrl(),
    });
    const id = await getDb().transaction((tx) =>
      queueEmail(tx, {
        userId: reader.id,
        toAddress: reader.email,
        kind: "weekly_digest",
        dedupeKey: weeklyKey(reader),
        subject: `Canvas weekly digest: ${summary.join(", ")}`,
        text,
        html,
        unsubscribeUrl: unsubscribe,
      }),
    );
    if (id) count++;
  }
  return count;
}

// ---------------------------------------------------------------------------- the run

/** The daily and weekly digests due at `now`, by each person's time zone. Idempotent. */
export async function runDigests(now: Date): Promise<void> {
  const people = await getDb()
    .select({ id: users.id, email: users.email, role: users.role, timeZone: users.timeZone })
    .from(users)
    .where(isNull(users.disabledAt));
  const due = people
    .map((p): Recipient => {
      const zone = knownZone(p.timeZone);
      return { id: p.id, email: p.email, role: p.role, zone, local: localMoment(now, zone) };
    })
    .filter((r) => r.local.hour >= DIGEST_HOUR);
  const daily = await sendDailyDigests(due);
  const weekly = await sendWeeklyDigests(due, now);
  logger().info({ daily, weekly }, "digests run");
}
