// The daily reminders (lib/reminders/run.ts), on both engines, on a controllable clock: a review
// due in exactly 3 days (not 4), overdue once past its due day (a draft still owes it, a published
// one does not), proof points past their review month; once per VBU and month however often it
// runs; nothing for a disabled GM; each GM's choice honoured (off: nothing; email: an email too).
// And the sweep is set-based: a rerun reads the portfolio in one query, what was told before in one
// per batch, and writes nothing.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { emails, notificationPreferences, notifications, users } from "../../db/schema";
import { listNotifications } from "../../lib/notifications/read";
import { remindersAt, runReminders } from "../../lib/reminders/run";
import { insertReview } from "../board/support";
import { createPerson, createProofPoint, createThesis, createVbu } from "../factories";
import { useAppDatabase } from "../support/app-database";
import { countingQueries } from "../support/counting";
import { ENGINES, queryRows } from "../support/database";

// April's review is due on 7 May (UTC): 3 days ahead on the 4th, 4 days on the 3rd, late from the 8th.
const MAY_3 = new Date("2026-05-03T06:00:00Z");
const MAY_4 = new Date("2026-05-04T06:00:00Z");
const MAY_7 = new Date("2026-05-07T23:00:00Z");
const MAY_8 = new Date("2026-05-08T06:00:00Z");
const MAY_20 = new Date("2026-05-20T06:00:00Z");
const JUNE_8 = new Date("2026-06-08T06:00:00Z");

/** A GM of their own (in the app's words: a person with the GM role) and a VBU of theirs. */
async function gmWithVbu() {
  const gm = await createPerson(getDb(), { role: "gm" });
  const vbu = await createVbu(getDb(), { gmId: gm.id });
  return { gm: { id: gm.id, role: gm.role }, gmEmail: gm.email, ...vbu };
}

/** The reminders a VBU's GM has about it, as "kind key", oldest first. */
async function remindersOf(vbuId: string) {
  const rows = await getDb()
    .select({ kind: notifications.kind, key: notifications.dedupeKey, month: notifications.month })
    .from(notifications)
    .where(eq(notifications.vbuId, vbuId))
    .orderBy(notifications.addedSeq);
  return rows.map((r) => `${r.kind} ${r.key}`);
}

const emailsTo = (address: string) =>
  getDb().select().from(emails).where(eq(emails.toAddress, address)).orderBy(emails.addedSeq);

const choose = (userId: string, kind: string, channel: string) =>
  getDb().insert(notificationPreferences).values({ userId, kind, channel });

const count = async (table: "notifications" | "emails") =>
  (await queryRows<{ n: number }>(getDb(), sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`))[0]!.n;

describe.each(ENGINES)("reminders on %s", (engine) => {
  const database = useAppDatabase(engine);
  // Emails are kept in the database here (no SMTP server): the digests' tests send real ones.
  const smtpUrl = process.env.SMTP_URL;
  beforeAll(() => {
    delete process.env.SMTP_URL;
  });
  afterAll(() => {
    if (smtpUrl !== undefined) process.env.SMTP_URL = smtpUrl;
  });

  it("tells the GM a review is due exactly 3 days before its due day, not 4, in words with its month", async () => {
    const { vbuId, gm } = await gmWithVbu();
    await runReminders(MAY_3);
    expect(await remindersOf(vbuId)).toEqual([]);
    await runReminders(MAY_4);
    expect(await remindersOf(vbuId)).toEqual([`review_due review_due:${vbuId}:2026-04-01`]);
    const [told] = await listNotifications(gm);
    expect(told!.words).toMatch(/^Your April 2026 review of VBU .+ is due in 3 days$/);
    expect(told!.href).toBe(`/vbus/${vbuId}/reviews/2026-04`);
  });

  it("a draft still owes its review (due, then overdue); a published one owes nothing until next month's", async () => {
    const draft = await gmWithVbu();
    const published = await gmWithVbu();
    await insertReview(draft.vbuId, "2026-04-01", "draft");
    await insertReview(published.vbuId, "2026-04-01", "on_track");
    await runReminders(MAY_4);
    await runReminders(MAY_8);
    expect(await remindersOf(draft.vbuId)).toEqual([
      `review_due review_due:${draft.vbuId}:2026-04-01`,
      `review_overdue review_overdue:${draft.vbuId}:2026-04-01`,
    ]);
    expect(await remindersOf(published.vbuId)).toEqual([]);
    // May's review is the one it owes now: due 7 June, so told on 4 June.
    await runReminders(new Date("2026-06-04T06:00:00Z"));
    expect(await remindersOf(published.vbuId)).toEqual([`review_due review_due:${published.vbuId}:2026-05-01`]);
  });

  it("tells of an overdue review once per month however often it runs, and again for the next month's", async () => {
    const { vbuId, gm } = await gmWithVbu();
    // The whole 7th is still on time.
    await runReminders(MAY_7);
    expect(await remindersOf(vbuId)).toEqual([]);
    await runReminders(MAY_8);
    await runReminders(MAY_8);
    await runReminders(MAY_20);
    expect(await remindersOf(vbuId)).toEqual([`review_overdue review_overdue:${vbuId}:2026-04-01`]);
    expect((await listNotifications(gm))[0]!.words).toMatch(/^Your April 2026 review of VBU .+ is overdue$/);
    // In June, April is closed and May's review is the one owed (overdue after 7 June).
    await runReminders(JUNE_8);
    expect(await remindersOf(vbuId)).toEqual([
      `review_overdue review_overdue:${vbuId}:2026-04-01`,
      `review_overdue review_overdue:${vbuId}:2026-05-01`,
    ]);
  });

  it("tells of proof points past their review month once per VBU and month; observed ones and this month's are not late", async () => {
    const late = await gmWithVbu();
    const onTime = await gmWithVbu();
    await insertReview(late.vbuId, "2026-04-01", "on_track");
    await insertReview(onTime.vbuId, "2026-04-01", "on_track");
    const lateThesis = await createThesis(getDb(), { canvasId: late.canvasId });
    await createProofPoint(getDb(), { thesisId: lateThesis.id, status: "in_progress", reviewMonth: "2026-03" });
    await createProofPoint(getDb(), { thesisId: lateThesis.id, status: "stalled", reviewMonth: "2026-04" });
    const onTimeThesis = await createThesis(getDb(), { canvasId: onTime.canvasId });
    await createProofPoint(getDb(), { thesisId: onTimeThesis.id, status: "observed", reviewMonth: "2026-01" });
    await createProofPoint(getDb(), { thesisId: onTimeThesis.id, status: "in_progress", reviewMonth: "2026-05" });
    await createProofPoint(getDb(), { thesisId: onTimeThesis.id, status: "not_started", reviewMonth: null });

    await runReminders(MAY_8);
    await runReminders(MAY_20);
    expect(await remindersOf(late.vbuId)).toEqual([
      `proof_points_overdue proof_points_overdue:${late.vbuId}:2026-05-01`,
    ]);
    expect(await remindersOf(onTime.vbuId)).toEqual([]);
    const [told] = await listNotifications(late.gm);
    expect(told!.words).toMatch(/^VBU .+ has proof points past their review month$/);
    expect(told!.href).toBe(`/vbus/${late.vbuId}`);
    // Still late in June: told again, once, for June.
    await insertReview(late.vbuId, "2026-05-01", "on_track");
    await runReminders(JUNE_8);
    expect(await remindersOf(late.vbuId)).toEqual([
      `proof_points_overdue proof_points_overdue:${late.vbuId}:2026-05-01`,
      `proof_points_overdue proof_points_overdue:${late.vbuId}:2026-06-01`,
    ]);
  });

  it("a second run the same day writes nothing: no notification, no email", async () => {
    await gmWithVbu();
    await runReminders(MAY_8);
    const before = { notifications: await count("notifications"), emails: await count("emails") };
    expect(before.notifications).toBeGreaterThan(0);
    await runReminders(MAY_8);
    expect({ notifications: await count("notifications"), emails: await count("emails") }).toEqual(before);
  });

  it("a disabled GM is told nothing", async () => {
    const { vbuId, gm } = await gmWithVbu();
    await getDb().update(users).set({ disabledAt: new Date() }).where(eq(users.id, gm.id));
    await runReminders(MAY_4);
    await runReminders(MAY_8);
    expect(await remindersOf(vbuId)).toEqual([]);
  });

  it("honours each GM's choice: off tells nothing; email at once (the reviews' default) writes an email too", async () => {
    const quiet = await gmWithVbu();
    const mailed = await gmWithVbu();
    await choose(quiet.gm.id, "review_due", "off");
    await choose(mailed.gm.id, "proof_points_overdue", "email");
    const thesis = await createThesis(getDb(), { canvasId: mailed.canvasId });
    await createProofPoint(getDb(), { thesisId: thesis.id, status: "in_progress", reviewMonth: "2026-02" });

    await runReminders(MAY_4);
    expect(await remindersOf(quiet.vbuId)).toEqual([]);
    expect(await emailsTo(quiet.gmEmail)).toEqual([]);

    expect(await remindersOf(mailed.vbuId)).toEqual([
      `review_due review_due:${mailed.vbuId}:2026-04-01`,
      `proof_points_overdue proof_points_overdue:${mailed.vbuId}:2026-05-01`,
    ]);
    const sent = await emailsTo(mailed.gmEmail);
    expect(sent.map((e) => [e.kind, e.status, e.subject])).toEqual([
      ["notification", "kept", expect.stringMatching(/^Your April 2026 review of VBU .+ is due in 3 days$/)],
      ["notification", "kept", expect.stringMatching(/^VBU .+ has proof points past their review month$/)],
    ]);
    expect(sent[0]!.textBody).toContain(`/vbus/${mailed.vbuId}/reviews/2026-04`);
    // Mailed at once: the daily digest leaves them out.
    const rows = await getDb()
      .select({ mailedAt: notifications.mailedAt })
      .from(notifications)
      .where(and(eq(notifications.vbuId, mailed.vbuId)));
    expect(rows.every((r) => r.mailedAt !== null)).toBe(true);
    // Off stays off the next days too; the overdue reminder is another kind, which they did not turn off.
    await runReminders(MAY_8);
    expect(await remindersOf(quiet.vbuId)).toEqual([`review_overdue review_overdue:${quiet.vbuId}:2026-04-01`]);
  });

  it("reads the whole portfolio in one query and writes a batch in a few statements: a rerun over hundreds of VBUs reads what was told in a query per 200 reminders, and writes nothing", async () => {
    const gm = await createPerson(getDb(), { role: "gm" });
    await choose(gm.id, "review_overdue", "in_app");
    await getDb().execute(sql`
      WITH made AS (
        INSERT INTO vbus (name, gm_id) SELECT 'Bulk ' || g, ${gm.id}::uuid FROM generate_series(1, 300) AS g RETURNING id
      )
      INSERT INTO canvases (vbu_id, lifecycle_lane) SELECT id, 'build' FROM made`);
    const reminders = (await remindersAt(MAY_8)).length;
    expect(reminders).toBeGreaterThan(300);
    // Written a batch of 200 at a time in a handful of statements each, not a few per reminder.
    const first = await countingQueries(database.current(), () => runReminders(MAY_8));
    expect(first.queries.length).toBeLessThanOrEqual(1 + 8 * Math.ceil(reminders / 200));
    const told = await count("notifications");
    expect(
      (
        await queryRows<{ n: number }>(
          getDb(),
          sql`SELECT count(*)::int AS n FROM notifications WHERE user_id = ${gm.id}`,
        )
      )[0]!.n,
    ).toBe(300);
    const { queries } = await countingQueries(database.current(), () => runReminders(MAY_8));
    // The portfolio in one query, then what was told before, per batch of 200 reminders: nothing written.
    expect(queries.length).toBe(1 + Math.ceil(reminders / 200));
    expect(queries.filter((q) => !/^select /i.test(q))).toEqual([]);
    expect(await count("notifications")).toBe(told);
  });
});
