// The job queue (pg-boss on the app's database, lib/jobs/) with a real SMTP server on loopback,
// on both engines, driven by pg-boss's TestClock (no sleeps): an email and its send job are
// written in the transaction of what causes them, or not at all; the worker sends it; a refused
// send is retried with backoff and delivered once; a retried or repeated send never delivers
// twice; a job a dead worker held is retried when it expires; a worker stopping lets the job in
// hand finish; and the schedules fire on time.
import { eq, sql } from "drizzle-orm";
import { TestClock } from "pg-boss";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb, getDatabaseHandle } from "../../db/client";
import { emails, users } from "../../db/schema";
import { jobQueue, stopJobQueue } from "../../lib/jobs/queue";
import { DIGESTS, FOLD_TRENDS, QUEUES, REMINDERS, SEND_EMAIL } from "../../lib/jobs/queues";
import { type JobWorker, startJobWorker } from "../../lib/jobs/worker";
import { queueEmail } from "../../lib/mail/outbox";
import { sendEmail } from "../../lib/mail/send";
import { insertUser } from "../board/support";
import { useSeededAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { actorOf, emailOf } from "../support/session";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

let smtp: TestSmtpServer;
const previousSmtpUrl = process.env.SMTP_URL;
beforeAll(async () => {
  smtp = await startSmtpServer();
  process.env.SMTP_URL = smtp.url;
});
afterAll(async () => {
  if (previousSmtpUrl === undefined) delete process.env.SMTP_URL;
  else process.env.SMTP_URL = previousSmtpUrl;
  await smtp.stop();
});

let serial = 0;
const draft = (userId: string, to: string) => {
  serial += 1;
  return {
    userId,
    toAddress: to,
    kind: "notification" as const,
    dedupeKey: `test:${Date.now()}:${serial}`,
    subject: `Test email ${serial}`,
    text: `Body ${serial}`,
    html: `<p>Body ${serial}</p>`,
    unsubscribeUrl: "http://localhost:3000/unsubscribe?t=x",
  };
};

const statusOf = async (id: string) =>
  (await getDb().select({ status: emails.status }).from(emails).where(eq(emails.id, id)))[0]?.status;

describe.each(ENGINES)("the job queue on %s", (engine) => {
  useSeededAppDatabase(engine);
  let worker: JobWorker | undefined;
  let clock: TestClock;
  let ana: { id: string; email: string };

  beforeAll(async () => {
    ana = { id: (await actorOf("ana")).id, email: emailOf("ana") };
  });
  // Each test starts from an empty queue: no job of one is left for the next's worker.
  beforeEach(async () => {
    await getDb().execute(sql`DELETE FROM pgboss.job`);
  });
  afterEach(async () => {
    await worker?.stop(5_000);
    worker = undefined;
    await stopJobQueue();
    smtp.clear();
  });

  /**
   * A worker on a TestClock an hour ahead of real time. pg-boss's test clock lives in its own
   * sessions; on PostgreSQL the app's sessions enqueue with the database's clock, so the test
   * clock runs ahead of it and what the app enqueues is due at once.
   */
  async function startWorker(start = Date.now() + 3_600_000) {
    clock = new TestClock(start);
    worker = await startJobWorker(getDatabaseHandle(), { clock });
    return worker;
  }

  const jobsOf = async (queue: string, emailId?: string) =>
    (await worker!.boss.findJobs(queue, emailId ? { data: { emailId } } : {})).filter(Boolean);

  it("installs every queue with its retry policy", async () => {
    await startWorker();
    const queues = await worker!.boss.getQueues();
    for (const [name, options] of Object.entries(QUEUES)) {
      expect(queues.find((q) => q.name === name)).toMatchObject({ retryLimit: options.retryLimit, retryBackoff: true });
    }
  });

  it("an email and its send job are written in the transaction that causes them, or not at all", async () => {
    await startWorker();
    const kept = draft(ana.id, ana.email);
    await expect(
      getDb().transaction(async (tx) => {
        await queueEmail(tx, kept);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await getDb().select().from(emails).where(eq(emails.dedupeKey, kept.dedupeKey))).toEqual([]);
    expect((await jobsOf(SEND_EMAIL)).length).toBe(0);

    const id = await getDb().transaction((tx) => queueEmail(tx, kept));
    // Written again (a retried change): nothing new.
    expect(await getDb().transaction((tx) => queueEmail(tx, kept))).toBeNull();
    const jobs = await jobsOf(SEND_EMAIL, id!);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ singletonKey: id, state: "created" });
  });

  it("the worker sends a queued email once, through the SMTP server, with its unsubscribe headers", async () => {
    await startWorker();
    const sent = draft(ana.id, ana.email);
    const id = (await getDb().transaction((tx) => queueEmail(tx, sent)))!;
    await clock.tick(2_500); // the worker's poll
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toEqual([ana.email]);
    expect(mail!.parsed.subject).toBe(sent.subject);
    expect(mail!.parsed.text?.trim()).toBe(sent.text);
    expect(mail!.parsed.html).toContain(sent.html);
    expect(mail!.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(mail!.raw).toMatch(/^List-Unsubscribe: <http:\/\/localhost:3000\/unsubscribe\?t=x>\r?$/m);
    await expect.poll(() => statusOf(id)).toBe("sent");

    // Sent again by hand (a duplicate job): nothing is delivered.
    await sendEmail(id);
    expect(smtp.received).toHaveLength(1);
  });

  it("a refused send is retried with backoff and delivered exactly once", async () => {
    await startWorker();
    smtp.refuseNext(1);
    const id = (await getDb().transaction((tx) => queueEmail(tx, draft(ana.id, ana.email))))!;
    await clock.tick(2_500);
    await expect.poll(async () => (await jobsOf(SEND_EMAIL, id))[0]?.state).toBe("retry");
    const [retrying] = await getDb().select().from(emails).where(eq(emails.id, id));
    expect(retrying).toMatchObject({ status: "queued", attempts: 1, lastError: "SMTP send failed (EMESSAGE 451)" });
    expect(smtp.received).toHaveLength(0);

    // The first retry waits at least the queue's delay (30 s, doubling with jitter).
    await clock.tick(5_000);
    expect(smtp.received).toHaveLength(0);
    await clock.tick(120_000);
    await smtp.waitFor(1);
    await expect.poll(() => statusOf(id)).toBe("sent");
    await expect.poll(async () => (await jobsOf(SEND_EMAIL, id))[0]?.state).toBe("completed");
    expect(smtp.received).toHaveLength(1);
  });

  it("an attempt that died mid-send is never sent again: its email is marked unknown", async () => {
    await jobQueue(); // as the server starts it at boot, before any transaction (PGlite's one connection)
    const id = (await getDb().transaction((tx) => queueEmail(tx, draft(ana.id, ana.email))))!;
    // As a worker killed between claiming the email and recording the outcome leaves it.
    await getDb().update(emails).set({ status: "sending" }).where(eq(emails.id, id));
    await sendEmail(id);
    expect(await statusOf(id)).toBe("unknown");
    expect(smtp.received).toHaveLength(0);
  });

  it("a disabled account is sent nothing: its queued email fails, saying why", async () => {
    await jobQueue();
    const person = await insertUser("viewer");
    const id = (await getDb().transaction((tx) => queueEmail(tx, draft(person.id, person.email))))!;
    await getDb().update(users).set({ disabledAt: new Date() }).where(eq(users.id, person.id));
    await sendEmail(id);
    const [email] = await getDb().select().from(emails).where(eq(emails.id, id));
    expect(email).toMatchObject({ status: "failed", lastError: "The account is disabled" });
    expect(smtp.received).toHaveLength(0);
  });

  it("a job a dead worker held is retried when it expires, and delivered", async () => {
    await startWorker();
    // This worker steps aside (its own first poll would otherwise race the fetch below)…
    await worker!.boss.offWork(SEND_EMAIL, { wait: true });
    const id = (await getDb().transaction((tx) => queueEmail(tx, draft(ana.id, ana.email))))!;
    // …another takes the job and dies with it: it stays active…
    const [held] = await worker!.boss.fetch(SEND_EMAIL, { batchSize: 1 });
    expect(held?.data).toEqual({ emailId: id });
    // …then this one works the queue again: only the expiry can bring the job back.
    await worker!.boss.work(SEND_EMAIL, { pollingIntervalSeconds: 2 }, async ([job]) => {
      await sendEmail((job!.data as { emailId: string }).emailId);
    });
    await clock.tick(60_000);
    expect(smtp.received).toHaveLength(0);
    // Past the queue's expiry (120 s) and the supervisor's next pass.
    await clock.tick(QUEUES[SEND_EMAIL]!.expireInSeconds! * 1_000 + 120_000);
    await smtp.waitFor(1);
    await expect.poll(() => statusOf(id)).toBe("sent");
  });

  it("a worker told to stop finishes the job in hand first", async () => {
    await startWorker();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    smtp.holdNext(held);
    const id = (await getDb().transaction((tx) => queueEmail(tx, draft(ana.id, ana.email))))!;
    await clock.tick(2_500);
    await smtp.arrived();
    const stopping = worker!.stop(10_000);
    worker = undefined;
    release();
    await stopping;
    expect(await statusOf(id)).toBe("sent");
    expect(smtp.received).toHaveLength(1);
  });

  it("the schedules fire at their time: reminders at 06:00 UTC, digests hourly, the trends' fold monthly", async () => {
    await startWorker(Date.parse("2030-03-02T05:59:00Z"));
    const scheduled = await worker!.boss.getSchedules();
    expect(scheduled.map((s) => [s.name, s.cron, s.timezone ?? "UTC"]).sort()).toEqual(
      [
        [DIGESTS, "0 * * * *", "UTC"],
        [REMINDERS, "0 6 * * *", "UTC"],
        [FOLD_TRENDS, "30 3 2 * *", "UTC"],
      ].sort(),
    );
    expect(await jobsOf(REMINDERS)).toHaveLength(0);
    await clock.tick(3 * 60_000);
    await expect.poll(async () => (await jobsOf(REMINDERS)).length).toBe(1);
    await expect.poll(async () => (await jobsOf(DIGESTS)).length).toBe(1);
    expect(await jobsOf(FOLD_TRENDS)).toHaveLength(0);
  });
});
