import "server-only";
import { eq, sql } from "drizzle-orm";
import { type Database, getDb } from "../../db/client";
import { notificationPreferences, type UserRole, users } from "../../db/schema";
import type { Actor } from "../auth/roles";
import type { Tx } from "../canvas/lock";
import { UserFacingError } from "../errors";
import { NOTIFICATION_KINDS, type NotificationKind } from "../notifications/vocabulary";
import { readUnsubscribeToken } from "./links";
import type { Preferences } from "./schemas";
import {
  type Channel,
  CHANNELS,
  KIND_CHOICES,
  mayHaveWeeklyDigest,
  PREFERENCE_KINDS,
  WEEKLY_DIGEST,
  WEEKLY_DIGEST_LABEL,
  weeklyDigestByDefault,
} from "./vocabulary";

// What each person chooses to hear of, and how (issue 18): read and saved from their settings
// page, and changed without a session by the signed links in emails (lib/mail/links.ts):
// unsubscribing from one kind, the weekly digest or the daily digest, and undoing that. Every
// write locks the person's row first and decides on it (their role as it is now, not as their
// session or the link was made).

// ---------------------------------------------------------------------------- reading

/** One kind as the settings page shows it. */
export interface KindChoice {
  kind: NotificationKind;
  label: string;
  channel: Channel;
}

export interface PreferencesView {
  /** Every kind, in PREFERENCE_KINDS' order, with its chosen channel or its default. */
  kinds: KindChoice[];
  /** An IANA zone: when the digests arrive. */
  timeZone: string;
  /** Offered to admins and viewers; on by their choice, or by their role's default. */
  weeklyDigest: { offered: boolean; on: boolean };
}

const isChannel = (value: string): value is Channel => (CHANNELS as readonly string[]).includes(value);
const isKind = (value: string): value is NotificationKind => (NOTIFICATION_KINDS as readonly string[]).includes(value);

/** Whether a channel sends emails: at once, or in the daily digest. */
const emails = (channel: Channel) => channel === "email" || channel === "digest";

/** What someone has chosen, by kind (and "weekly_digest"); a kind without a row is not there. */
async function storedChoices(db: Pick<Database, "select">, userId: string): Promise<Map<string, Channel>> {
  const rows = await db
    .select({ kind: notificationPreferences.kind, channel: notificationPreferences.channel })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));
  return new Map(rows.filter((r) => isChannel(r.channel)).map((r) => [r.kind, r.channel as Channel]));
}

const channelOf = (stored: Map<string, Channel>, kind: NotificationKind): Channel =>
  stored.get(kind) ?? KIND_CHOICES[kind].byDefault;

/** Whether someone of this role, with this stored choice (if any), receives the weekly digest. */
export function weeklyDigestOn(role: UserRole, stored: string | undefined): boolean {
  if (!mayHaveWeeklyDigest(role)) return false;
  return stored === undefined ? weeklyDigestByDefault(role) : stored !== "off";
}

export async function readPreferences(actor: Actor): Promise<PreferencesView> {
  const db = getDb();
  const [stored, [person]] = await Promise.all([
    storedChoices(db, actor.id),
    db.select({ timeZone: users.timeZone, role: users.role }).from(users).where(eq(users.id, actor.id)),
  ]);
  const role = person?.role ?? actor.role;
  return {
    kinds: PREFERENCE_KINDS.map((kind) => ({
      kind,
      label: KIND_CHOICES[kind].label,
      channel: channelOf(stored, kind),
    })),
    timeZone: person?.timeZone ?? "UTC",
    weeklyDigest: { offered: mayHaveWeeklyDigest(role), on: weeklyDigestOn(role, stored.get(WEEKLY_DIGEST)) },
  };
}

// ---------------------------------------------------------------------------- writing

/** The person's row, locked for the write; null when they no longer exist. */
async function lockPerson(tx: Tx, userId: string): Promise<{ role: UserRole } | null> {
  const [row] = await tx.select({ role: users.role }).from(users).where(eq(users.id, userId)).for("update");
  return row ?? null;
}

/** Writes these choices of one person, each replacing the one before. */
async function setChoices(tx: Tx, userId: string, choices: { kind: string; channel: Channel }[]): Promise<void> {
  if (choices.length === 0) return;
  await tx
    .insert(notificationPreferences)
    .values(choices.map((c) => ({ userId, kind: c.kind, channel: c.channel })))
    .onConflictDoUpdate({
      target: [notificationPreferences.userId, notificationPreferences.kind],
      set: { channel: sql`excluded.channel`, updatedAt: sql`now()` },
    });
}

export const WEEKLY_DIGEST_NOT_OFFERED = "The weekly portfolio digest is for admins and viewers.";
export const ACCOUNT_GONE = "Your account no longer exists.";

/** Saves `actor`'s choices and time zone together; a kind the input leaves out keeps its choice. */
export async function savePreferences(actor: Actor, input: Preferences): Promise<void> {
  await getDb().transaction(async (tx) => {
    const person = await lockPerson(tx, actor.id);
    if (!person) throw new UserFacingError(ACCOUNT_GONE);
    const offered = mayHaveWeeklyDigest(person.role);
    if (input.weeklyDigest === true && !offered) {
      throw new UserFacingError("Check the highlighted fields.", { weeklyDigest: [WEEKLY_DIGEST_NOT_OFFERED] });
    }
    const choices: { kind: string; channel: Channel }[] = [];
    for (const kind of PREFERENCE_KINDS) {
      const channel = input[kind];
      if (channel) choices.push({ kind, channel });
    }
    if (input.weeklyDigest !== undefined && offered) {
      choices.push({ kind: WEEKLY_DIGEST, channel: input.weeklyDigest ? "email" : "off" });
    }
    await setChoices(tx, actor.id, choices);
    await tx.update(users).set({ timeZone: input.timeZone }).where(eq(users.id, actor.id));
  });
}

// ---------------------------------------------------------------------------- unsubscribe links

/** Every email of the daily digest (the kinds set to "digest"). */
export const DAILY_DIGEST = "daily_digest";

/** What one link turns off: a kind's emails, the weekly digest, or the daily digest. */
export type UnsubscribeTopic = NotificationKind | typeof WEEKLY_DIGEST | typeof DAILY_DIGEST;

export const INVALID_UNSUBSCRIBE_LINK =
  "This unsubscribe link is not valid: it may have been cut short. Open it again from the email, or sign in and choose what you receive in your notification settings.";
export const UNSUBSCRIBE_ACCOUNT_GONE = "This unsubscribe link is for an account that no longer exists.";

/** A link that this app did not sign (or that was cut), or whose person is gone. */
export class UnsubscribeLinkError extends UserFacingError {
  static override readonly brand = "UnsubscribeLinkError";
  constructor(readonly reason: "invalid" | "not_found") {
    super(reason === "invalid" ? INVALID_UNSUBSCRIBE_LINK : UNSUBSCRIBE_ACCOUNT_GONE);
    this.name = "UnsubscribeLinkError";
  }
}

/** The topic as a sentence names it: `You will no longer receive ${label} emails`. */
export function topicLabel(topic: UnsubscribeTopic): string {
  if (topic === WEEKLY_DIGEST) return WEEKLY_DIGEST_LABEL.toLowerCase();
  if (topic === DAILY_DIGEST) return "daily digest";
  return `“${KIND_CHOICES[topic].label}”`;
}

/** Who and what a token names; UnsubscribeLinkError when it is not one of ours. */
function readToken(token: unknown): { userId: string; topic: UnsubscribeTopic } {
  const read = typeof token === "string" ? readUnsubscribeToken(token) : null;
  if (!read) throw new UnsubscribeLinkError("invalid");
  const { userId, topic } = read;
  if (topic !== WEEKLY_DIGEST && topic !== DAILY_DIGEST && !isKind(topic)) throw new UnsubscribeLinkError("invalid");
  return { userId, topic };
}

/** The channel a kind goes back to when its emails are turned on again: its default if that emails. */
const emailingChannel = (kind: NotificationKind): Channel =>
  emails(KIND_CHOICES[kind].byDefault) ? KIND_CHOICES[kind].byDefault : "email";

export interface Unsubscribed {
  topic: UnsubscribeTopic;
  topicLabel: string;
  /** For the daily digest: the kinds it took out of the digest, for an exact undo. */
  changedKinds: NotificationKind[];
}

/**
 * Applies a link: a kind's emails stop (it stays in the app), the weekly digest goes off, or
 * every kind in the daily digest goes to the app only. Needs no session: the signed token is
 * the authority. Applying it again changes nothing. It works for a disabled person too (they
 * receive nothing anyway).
 */
export async function unsubscribe(token: unknown): Promise<Unsubscribed> {
  const { userId, topic } = readToken(token);
  return getDb().transaction(async (tx) => {
    if (!(await lockPerson(tx, userId))) throw new UnsubscribeLinkError("not_found");
    const stored = await storedChoices(tx, userId);
    let changedKinds: NotificationKind[] = [];
    if (topic === WEEKLY_DIGEST) {
      await setChoices(tx, userId, [{ kind: WEEKLY_DIGEST, channel: "off" }]);
    } else if (topic === DAILY_DIGEST) {
      changedKinds = PREFERENCE_KINDS.filter((kind) => channelOf(stored, kind) === "digest");
      await setChoices(
        tx,
        userId,
        changedKinds.map((kind) => ({ kind, channel: "in_app" })),
      );
    } else if (emails(channelOf(stored, topic))) {
      await setChoices(tx, userId, [{ kind: topic, channel: "in_app" }]);
    }
    return { topic, topicLabel: topicLabel(topic), changedKinds };
  });
}

/**
 * Undoes a link: a kind's emails come back (its default channel, or email at once when its
 * default sends none), the weekly digest comes back on (for those it is offered to), the daily
 * digest's kinds go back into it: `kinds` (those the unsubscribe took out), or, when not known,
 * the kinds that are in it by default. Only what an unsubscribe leaves ("in the app only") is
 * changed: a kind chosen otherwise since (off, or emailed again) keeps its choice.
 */
export async function resubscribe(
  token: unknown,
  kinds: readonly string[] = [],
): Promise<{ topic: UnsubscribeTopic; topicLabel: string }> {
  const { userId, topic } = readToken(token);
  return getDb().transaction(async (tx) => {
    const person = await lockPerson(tx, userId);
    if (!person) throw new UnsubscribeLinkError("not_found");
    const stored = await storedChoices(tx, userId);
    if (topic === WEEKLY_DIGEST) {
      if (mayHaveWeeklyDigest(person.role)) await setChoices(tx, userId, [{ kind: WEEKLY_DIGEST, channel: "email" }]);
    } else if (topic === DAILY_DIGEST) {
      const named = kinds.filter(isKind);
      const back = named.length > 0 ? named : PREFERENCE_KINDS.filter((k) => KIND_CHOICES[k].byDefault === "digest");
      await setChoices(
        tx,
        userId,
        [...new Set(back)]
          .filter((kind) => channelOf(stored, kind) === "in_app")
          .map((kind) => ({ kind, channel: "digest" })),
      );
    } else if (channelOf(stored, topic) === "in_app") {
      await setChoices(tx, userId, [{ kind: topic, channel: emailingChannel(topic) }]);
    }
    return { topic, topicLabel: topicLabel(topic) };
  });
}

/** What a link's page shows: its topic, and whether its person receives those emails now. */
export async function readUnsubscribeLink(
  token: unknown,
): Promise<{ topic: UnsubscribeTopic; topicLabel: string; receiving: boolean }> {
  const { userId, topic } = readToken(token);
  const db = getDb();
  const [[person], stored] = await Promise.all([
    db.select({ role: users.role }).from(users).where(eq(users.id, userId)),
    storedChoices(db, userId),
  ]);
  if (!person) throw new UnsubscribeLinkError("not_found");
  const receiving =
    topic === WEEKLY_DIGEST
      ? weeklyDigestOn(person.role, stored.get(WEEKLY_DIGEST))
      : topic === DAILY_DIGEST
        ? PREFERENCE_KINDS.some((kind) => channelOf(stored, kind) === "digest")
        : emails(channelOf(stored, topic));
  return { topic, topicLabel: topicLabel(topic), receiving };
}
