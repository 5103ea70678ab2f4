// The digests (lib/mail/digests.ts), on both engines, delivered for real: each email written by
// runDigests is sent with sendEmail to an SMTP server on loopback (tests/support/smtp.ts) and read
// back with mailparser: its recipient, subject, both bodies and its List-Unsubscribe header.
// - Daily: only the kinds a person chose for their digest, written before their DIGEST_HOUR in the
//   7 days before it; then marked mailed, and nothing sent again that local day; each person at
//   their own 08:00 (Tokyo: 23:00 UTC the day before; New York in winter: 13:00 UTC).
// - Weekly: the portfolio's week from the change history (a lane move, status changes, a published
//   review, a stale VBU), never a draft; for admins (by default) and viewers who opted in; never a
//   GM; opting out stops it; one per local week, sent later the same day when a run was missed.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { emails, notificationPreferences, notifications, proofPoints } from "../../db/schema";
import type { Actor } from "../../lib/auth/roles";
import { moveLaneSchema } from "../../lib/canvas/schemas";
import { moveVbuToLane } from "../../lib/canvas/write";
import { addCommentSchema } from "../../lib/comments/schemas";
import { addComment } from "../../lib/comments/write";
import { jobQueue, stopJobQueue } from "../../lib/jobs/queue";
import { runDigests } from "../../lib/mail/digests";
import { unsubscribeUrl } from "../../lib/mail/links";
import { sendEmail } from "../../lib/mail/send";
import type { EmailKind } from "../../lib/mail/vocabulary";
import { notifyReminders, type Reminder } from "../../lib/notifications/write";
import { insertVbuWithoutHistory } from "../board/support";
import { createPerson, createProofPoint, createThesis, createVbu } from "../factories";
import { publishedReview, savedDraft, startedDraft } from "../reviews/support";
import { useAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

async function person(role: Actor["role"], timeZone = "UTC", name?: string) {
  const row = await createPerson(getDb(), { role, timeZone, ...(name ? { name } : {}) });
  return { id: row.id, role: row.role, email: row.email, name: row.name };
}

/** A reminder to `userId` as the reminders sweep writes it (each person's choice honoured). */
const remind = (userId: string, vbuId: string, kind: Reminder["kind"], dedupeKey: string) =>
  getDb().transaction((tx) => notifyReminders(tx, [{ userId, kind, vbuId, dedupeKey }]));

const choose = (userId: string, kind: string, channel: string) =>
  getDb()
    .insert(notificationPreferences)
    .values({ userId, kind, channel })
    .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.kind], set: { channel } });

/** Moves someone's notifications (or those with this key) to a moment of the test's clock. */
async function backdate(userId: string, createdAt: Date, dedupeKey?: string) {
  await getDb()
    .update(notifications)
    .set({ createdAt })
    .where(and(eq(notifications.userId, userId), dedupeKey ? eq(notifications.dedupeKey, dedupeKey) : undefined));
}

/** Someone's emails of a kind, oldest first: their keys and subjects. */
const emailsOf = (userId: string, kind: EmailKind) =>
  getDb()
    .select()
    .from(emails)
    .where(and(eq(emails.userId, userId), eq(emails.kind, kind)))
    .orderBy(asc(emails.addedSeq));

describe.each(ENGINES)("digests on %s", (engine) => {
  useAppDatabase(engine);
  let smtp: TestSmtpServer;
  const smtpUrl = process.env.SMTP_URL;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    process.env.SMTP_URL = smtp.url;
    // Emails enqueue their send job in their own transaction: the queue starts first (PGlite needs it).
    await jobQueue();
  });
  afterAll(async () => {
    await stopJobQueue();
    await smtp?.stop();
    if (smtpUrl === undefined) delete process.env.SMTP_URL;
    else process.env.SMTP_URL = smtpUrl;
  });

  /** Sends someone's queued emails of a kind through SMTP, and answers them as received. */
  async function deliver(userId: string, kind: EmailKind): Promise<ParsedMail[]> {
    const queued = (await emailsOf(userId, kind)).filter((e) => e.status === "queued");
    const before = smtp.received.length;
    for (const email of queued) await sendEmail(email.id);
    const received = (await smtp.waitFor(before + queued.length)).slice(before);
    expect((await emailsOf(userId, kind)).filter((e) => e.status === "queued")).toEqual([]);
    return received.map((r) => r.parsed);
  }

  /** The List-Unsubscribe URL a received message carries. */
  const listUnsubscribe = (mail: ParsedMail) => {
    const list = mail.headers.get("list") as { unsubscribe?: { url?: string } } | undefined;
    return list?.unsubscribe?.url;
  };

  const addresses = (mail: ParsedMail) =>
    [mail.to ?? []].flat().flatMap((to) => to.value.map((address) => address.address));

  it("a daily digest lists only the kinds chosen for it, quoted and linked, marks them mailed, and sends nothing more that day", async () => {
    const gm = await person("gm");
    const commenter = await person("viewer", "UTC", "Quinn Commenter");
    const { vbuId, name: vbuName } = await createVbu(getDb(), { gmId: gm.id });
    await choose(gm.id, "comment", "digest");
    await choose(gm.id, "review_overdue", "in_app");
    // A comment (chosen for the digest), a reminder in the digest by default, one in the app only,
    // and one emailed at once (the review reminders' default).
    await addComment(commenter, addCommentSchema.parse({ vbuId, subject: "canvas", body: "<b>Ship it</b> & go" }));
    await remind(gm.id, vbuId, "proof_points_overdue", "late:1");
    await remind(gm.id, vbuId, "review_overdue", "overdue:1");
    await remind(gm.id, vbuId, "review_due", "due:1");
    await backdate(gm.id, new Date("2027-01-12T15:00:00Z"));
    // Older than a week before the digest: left to the app.
    await remind(gm.id, vbuId, "proof_points_overdue", "late:old");
    await backdate(gm.id, new Date("2027-01-05T00:00:00Z"), "late:old");

    await runDigests(new Date("2027-01-13T07:00:00Z"));
    expect(await emailsOf(gm.id, "daily_digest")).toEqual([]);
    await runDigests(new Date("2027-01-13T08:00:00Z"));
    const [digest] = await emailsOf(gm.id, "daily_digest");
    expect(digest).toMatchObject({
      dedupeKey: `daily_digest:${gm.id}:2027-01-13`,
      subject: "Canvas daily digest: 2 notifications",
      status: "queued",
      toAddress: gm.email,
    });
    const mailed = await getDb()
      .select({ kind: notifications.kind, key: notifications.dedupeKey, mailedAt: notifications.mailedAt })
      .from(notifications)
      .where(eq(notifications.userId, gm.id))
      .orderBy(asc(notifications.addedSeq));
    expect(mailed.map((n) => [n.kind, n.key, n.mailedAt !== null])).toEqual([
      ["comment", null, true],
      ["proof_points_overdue", "late:1", true],
      ["review_overdue", "overdue:1", false],
      ["review_due", "due:1", true], // by email at once, not in the digest
      ["proof_points_overdue", "late:old", false],
    ]);

    const [mail] = await deliver(gm.id, "daily_digest");
    expect(addresses(mail!)).toEqual([gm.email]);
    expect(mail!.subject).toBe("Canvas daily digest: 2 notifications");
    expect(mail!.text).toContain(
      `- Quinn Commenter commented on your VBU ${vbuName}\n  > <b>Ship it</b> & go\n  http://localhost:3000/vbus/${vbuId}/comments`,
    );
    expect(mail!.text).toContain(
      `- ${vbuName} has proof points past their review month\n  http://localhost:3000/vbus/${vbuId}\n`,
    );
    expect(mail!.text).not.toContain("overdue\n");
    expect(mail!.text).not.toContain("due in 3 days");
    expect(mail!.html).toContain("&lt;b&gt;Ship it&lt;/b&gt; &amp; go");
    expect(mail!.html).not.toContain("<b>Ship it</b>");
    expect(listUnsubscribe(mail!)).toBe(unsubscribeUrl(gm.id, "daily_digest"));
    expect(mail!.html).toContain(unsubscribeUrl(gm.id, "daily_digest"));

    // Later runs the same day send nothing; what is told after 08:00 waits for tomorrow's.
    await runDigests(new Date("2027-01-13T09:00:00Z"));
    await remind(gm.id, vbuId, "proof_points_overdue", "late:2");
    await backdate(gm.id, new Date("2027-01-13T10:00:00Z"), "late:2");
    await runDigests(new Date("2027-01-13T11:00:00Z"));
    await runDigests(new Date("2027-01-13T23:00:00Z"));
    expect(await emailsOf(gm.id, "daily_digest")).toHaveLength(1);
    await runDigests(new Date("2027-01-14T08:00:00Z"));
    const [, next] = await emailsOf(gm.id, "daily_digest");
    expect(next).toMatchObject({
      dedupeKey: `daily_digest:${gm.id}:2027-01-14`,
      subject: "Canvas daily digest: 1 notification",
    });
    const [nextMail] = await deliver(gm.id, "daily_digest");
    expect(nextMail!.text).toContain(`- ${vbuName} has proof points past their review month`);
    expect(nextMail!.text).not.toContain("commented");
    // Nothing to say: no email.
    await runDigests(new Date("2027-01-15T08:00:00Z"));
    expect(await emailsOf(gm.id, "daily_digest")).toHaveLength(2);
  });

  it("sends each person's daily digest at 08:00 their time: Tokyo at 23:00 UTC the day before, New York at 13:00 UTC in winter", async () => {
    const tokyo = await person("viewer", "Asia/Tokyo");
    const newYork = await person("viewer", "America/New_York");
    const { vbuId } = await createVbu(getDb());
    await remind(newYork.id, vbuId, "proof_points_overdue", "late:ny");
    await backdate(newYork.id, new Date("2027-01-13T20:00:00Z"));
    // 14:00 on 14 January in Tokyo: after that day's digest, so in the next one.
    await remind(tokyo.id, vbuId, "proof_points_overdue", "late:tokyo");
    await backdate(tokyo.id, new Date("2027-01-14T05:00:00Z"));

    await runDigests(new Date("2027-01-14T12:00:00Z")); // 07:00 in New York
    expect(await emailsOf(newYork.id, "daily_digest")).toEqual([]);
    await runDigests(new Date("2027-01-14T13:00:00Z")); // 08:00 in New York
    expect((await emailsOf(newYork.id, "daily_digest")).map((e) => e.dedupeKey)).toEqual([
      `daily_digest:${newYork.id}:2027-01-14`,
    ]);
    expect(await emailsOf(tokyo.id, "daily_digest")).toEqual([]);
    await runDigests(new Date("2027-01-14T22:00:00Z")); // 07:00 on the 15th in Tokyo
    expect(await emailsOf(tokyo.id, "daily_digest")).toEqual([]);
    await runDigests(new Date("2027-01-14T23:00:00Z")); // 08:00 on the 15th in Tokyo
    expect((await emailsOf(tokyo.id, "daily_digest")).map((e) => e.dedupeKey)).toEqual([
      `daily_digest:${tokyo.id}:2027-01-15`,
    ]);
    const [mail] = await deliver(tokyo.id, "daily_digest");
    expect(addresses(mail!)).toEqual([tokyo.email]);
    expect(mail!.subject).toBe("Canvas daily digest: 1 notification");
  });

  it("a weekly digest tells admins and opted-in viewers the week's lane moves, status changes, published reviews and stale VBUs; never a draft, never to a GM", async () => {
    const gm = await person("gm");
    const admin = await person("admin");
    const viewer = await person("viewer");
    const quietViewer = await person("viewer");
    const optedOutAdmin = await person("admin");
    await choose(viewer.id, "weekly_digest", "email");
    await choose(gm.id, "weekly_digest", "email");
    await choose(optedOutAdmin.id, "weekly_digest", "off");

    // This week, through the app and the database's own history: a lane move and two status changes…
    const moved = await createVbu(getDb(), { gmId: gm.id, name: "Harbor <Logistics>" });
    const thesis = await createThesis(getDb(), { canvasId: moved.canvasId });
    const first = await createProofPoint(getDb(), { thesisId: thesis.id, status: "in_progress" });
    const second = await createProofPoint(getDb(), { thesisId: thesis.id, status: "not_started" });
    await moveVbuToLane(admin, moveLaneSchema.parse({ vbuId: moved.vbuId, lane: "sell", version: "1" }));
    await getDb().update(proofPoints).set({ status: "observed" }).where(eq(proofPoints.id, first.id));
    await getDb().update(proofPoints).set({ status: "stalled" }).where(eq(proofPoints.id, second.id));
    // …a review published, and another VBU's draft, which no digest may name…
    const month = new Date().toISOString().slice(0, 7);
    const reviewed = await createVbu(getDb(), { gmId: gm.id, name: "Northwind Pilots" });
    await publishedReview(gm, reviewed.vbuId, month);
    const drafted = await createVbu(getDb(), { gmId: gm.id, name: "Secret Draft Co" });
    const draft = await startedDraft(gm, drafted.vbuId, month, new Date(`${month}-20T12:00:00Z`));
    await savedDraft(gm, draft.id, { learned: "TOP SECRET numbers" }, new Date(`${month}-20T12:00:00Z`));
    // …and a VBU nothing has changed for since January: stale.
    const dormant = await insertVbuWithoutHistory(
      { name: "Dormant Dunes", gmId: gm.id },
      { createdAt: new Date("2026-01-05T00:00:00Z"), updatedAt: new Date("2026-01-05T00:00:00Z") },
    );

    // The first Monday 08:00 UTC after all that: the week before it holds it.
    const monday = nextMondayAt8(new Date());
    await runDigests(new Date(monday.getTime() - HOUR_MS)); // 07:00: not yet
    expect(await emailsOf(admin.id, "weekly_digest")).toEqual([]);
    // The 08:00 run was missed: 11:00 the same day sends it.
    await runDigests(new Date(monday.getTime() + 3 * HOUR_MS));
    await runDigests(new Date(monday.getTime() + 4 * HOUR_MS));
    for (const nobody of [gm, quietViewer, optedOutAdmin])
      expect(await emailsOf(nobody.id, "weekly_digest")).toEqual([]);
    const subject = "Canvas weekly digest: 1 lane move, 2 status changes, 1 review published, 1 stale VBU";
    const week = isoWeekOf(monday);
    for (const reader of [admin, viewer]) {
      expect((await emailsOf(reader.id, "weekly_digest")).map((e) => [e.dedupeKey, e.subject])).toEqual([
        [`weekly_digest:${reader.id}:${week}`, subject],
      ]);
    }

    const [mail] = await deliver(viewer.id, "weekly_digest");
    expect(addresses(mail!)).toEqual([viewer.email]);
    expect(mail!.subject).toBe(subject);
    const text = mail!.text!;
    expect(text).toContain(
      `Lane moves (1)\n--------------\n- Harbor <Logistics>: Build → Sell\n  http://localhost:3000/vbus/${moved.vbuId}\n`,
    );
    expect(text).toContain(
      `- Harbor <Logistics>: 2 changes (1 observed, 1 stalled)\n  http://localhost:3000/vbus/${moved.vbuId}/history?field=status\n`,
    );
    expect(text).toContain(
      `Reviews published (1)\n---------------------\n- Northwind Pilots: ${monthName(month)} review, At risk\n  http://localhost:3000/vbus/${reviewed.vbuId}/reviews/${month}\n`,
    );
    expect(text).toContain(`Stale: no change for 60 days (1)`);
    expect(text).toContain(`- Dormant Dunes\n  http://localhost:3000/vbus/${dormant.vbuId}\n`);
    // The draft, nowhere.
    for (const body of [text, mail!.html as string]) {
      expect(body).not.toContain("Secret Draft Co");
      expect(body).not.toContain("TOP SECRET");
      expect(body).not.toMatch(/draft/i);
    }
    expect(mail!.html).toContain("Harbor &lt;Logistics&gt;: Build → Sell");
    expect(listUnsubscribe(mail!)).toBe(unsubscribeUrl(viewer.id, "weekly_digest"));
    const [adminMail] = await deliver(admin.id, "weekly_digest");
    expect(adminMail!.text).toBe(
      text.replace(unsubscribeUrl(viewer.id, "weekly_digest"), unsubscribeUrl(admin.id, "weekly_digest")),
    );

    // Once a week: Tuesday sends none; opting out stops next Monday's, while the admin still gets theirs.
    await runDigests(new Date(monday.getTime() + DAY_MS));
    await choose(viewer.id, "weekly_digest", "in_app");
    await runDigests(new Date(monday.getTime() + 7 * DAY_MS));
    expect(await emailsOf(viewer.id, "weekly_digest")).toHaveLength(1);
    const adminWeeks = await emailsOf(admin.id, "weekly_digest");
    expect(adminWeeks.map((e) => [e.dedupeKey, e.subject])).toEqual([
      [`weekly_digest:${admin.id}:${week}`, subject],
      [
        `weekly_digest:${admin.id}:${isoWeekOf(new Date(monday.getTime() + 7 * DAY_MS))}`,
        "Canvas weekly digest: 1 stale VBU",
      ],
    ]);
    // A GM's preference row changes nothing: they never have it.
    expect(
      await getDb()
        .select()
        .from(emails)
        .where(
          and(inArray(emails.userId, [gm.id, quietViewer.id, optedOutAdmin.id]), eq(emails.kind, "weekly_digest")),
        ),
    ).toEqual([]);
  });
});

/** The first Monday, 08:00 UTC, after `from`. */
function nextMondayAt8(from: Date): Date {
  const day = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), 8));
  while (day.getUTCDay() !== 1 || day <= from) day.setUTCDate(day.getUTCDate() + 1);
  return day;
}

/** "2026-W50": the ISO week of a date (UTC). */
function isoWeekOf(date: Date): string {
  const thursday = new Date(
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 3 - ((date.getUTCDay() + 6) % 7)),
  );
  const week = Math.ceil(((thursday.getTime() - Date.UTC(thursday.getUTCFullYear(), 0, 1)) / DAY_MS + 1) / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

const monthName = (month: string) =>
  new Date(`${month}-01T00:00:00Z`).toLocaleString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
