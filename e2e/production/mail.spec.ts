// Email from the production server (issue 18), end to end: `npm start` over real PostgreSQL and a
// real SMTP server on loopback (tests/support/smtp.ts). A viewer mentions the GM through the
// comment form; the email goes out at once from `npm start`'s own job worker, with the thread's
// link, the comment and a one-click unsubscribe that works without signing in. With
// CANVAS_JOBS=off the web server only writes the email and its job, and `npm run worker` sends
// it, then stops cleanly on SIGTERM.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { type Browser, type Page, test as base } from "@playwright/test";
import { sql } from "drizzle-orm";
import { queryRows, type ScratchDatabase } from "../../db/scratch";
import { freePort } from "../../tests/support/free-port";
import { type ReceivedMail, startSmtpServer, type TestSmtpServer } from "../../tests/support/smtp";
import { DEMO, DEMO_PASSWORD } from "../support";
import { expect, type ProductionServer, startProductionServer } from "./server";

const MAIL_FROM = "Canvas <canvas@test.example>";
/** How the unsubscribe pages name the mention emails (lib/mail/choose.ts topicLabel). */
const NO_MORE_MENTIONS = "You will no longer receive “Someone mentions you” emails.";

const test = base.extend<{
  smtp: TestSmtpServer;
  /** Starts a production server (stopped after the test) whose public URL is its own. */
  launch: (env: Record<string, string>) => Promise<ProductionServer>;
}>({
  smtp: async ({}, provide) => {
    const smtp = await startSmtpServer();
    try {
      await provide(smtp);
    } finally {
      await smtp.stop();
    }
  },
  launch: async ({}, provide) => {
    const started: ProductionServer[] = [];
    try {
      await provide(async (env) => {
        const port = await freePort();
        const server = await startProductionServer({
          port,
          env: { BETTER_AUTH_URL: `http://127.0.0.1:${port}`, ...env },
        });
        started.push(server);
        return server;
      });
    } finally {
      await Promise.all(started.map((server) => server.close()));
    }
  },
});

// A server seeded and started, two sign-ins, a few page loads and an email: 30-60 s loaded.
test.describe.configure({ timeout: 90_000 });

/** The demo GM's first proof point, its VBU, and the GM's id. */
async function gmThread(database: ScratchDatabase) {
  const [row] = await queryRows<{ id: string; vbu_id: string; vbu_name: string; description: string; gm_id: string }>(
    database.db,
    sql`SELECT p.id, v.id AS vbu_id, v.name AS vbu_name, p.description, u.id AS gm_id FROM proof_points p
        JOIN theses t ON t.id = p.thesis_id JOIN canvases c ON c.id = t.canvas_id JOIN vbus v ON v.id = c.vbu_id
        JOIN users u ON u.id = v.gm_id WHERE u.email = ${DEMO.gm.email} ORDER BY v.name, t."order", p.added_seq LIMIT 1`,
  );
  return {
    proofPointId: row!.id,
    vbuId: row!.vbu_id,
    vbuName: row!.vbu_name,
    description: row!.description,
    gmId: row!.gm_id,
  };
}

type Thread = Awaited<ReturnType<typeof gmThread>>;

/** The demo viewer, signed in on `server` in a context of their own. */
async function viewerOn(browser: Browser, server: ProductionServer): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("Email").fill(DEMO.viewer.email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Signed in as")).toContainText(DEMO.viewer.name);
  return page;
}

/** Posts `text` on the thread through the form, mentioning the GM with the @ picker; returns the comment's id. */
async function mentionGm(page: Page, server: ProductionServer, thread: Thread, text: string): Promise<string> {
  await page.goto(`${server.url}/vbus/${thread.vbuId}/comments?on=proof_point&id=${thread.proofPointId}`);
  const box = page.getByLabel("Your comment");
  await box.fill("@Ana");
  await page.getByRole("button", { name: `Mention ${DEMO.gm.name}` }).click();
  await expect(box).toHaveValue(`@${DEMO.gm.name} `);
  await box.pressSequentially(text);
  await expect(page.getByText(`Mentioning: ${DEMO.gm.name}`)).toBeVisible();
  await page.getByRole("button", { name: "Post comment" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Comment posted." })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: `@${DEMO.gm.name} ${text}` })).toBeVisible();
  const [comment] = await queryRows<{ id: string }>(
    server.database.db,
    sql`SELECT id FROM comments WHERE body = ${`@${DEMO.gm.name} ${text}`}`,
  );
  return comment!.id;
}

/** The emails the GM was written for this comment (through its mention notification). */
async function emailsForComment(database: ScratchDatabase, gmId: string, commentId: string) {
  return queryRows<{ id: string; status: string }>(
    database.db,
    sql`SELECT e.id, e.status FROM emails e JOIN notifications n ON e.dedupe_key = 'notification:' || n.id
        WHERE n.user_id = ${gmId} AND n.kind = 'mention' AND n.comment_id = ${commentId}`,
  );
}

/** The mail the SMTP server received for the GM whose subject names `about` (once it has arrived). */
async function mailToGm(smtp: TestSmtpServer, about: string): Promise<ReceivedMail> {
  const matching = () => smtp.received.filter((m) => m.to.includes(DEMO.gm.email) && m.parsed.subject?.includes(about));
  await expect.poll(() => matching().length, { timeout: 30_000 }).toBe(1);
  return matching()[0]!;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A header's value as sent (folded lines joined). */
function headerOf(mail: ReceivedMail, name: string): string | undefined {
  const line = mail.parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line
    ?.replace(/\r?\n[ \t]+/g, " ")
    .slice(name.length + 1)
    .trim();
}

test("npm start sends a mention's email at once through SMTP, and its unsubscribe link works without signing in", async ({
  smtp,
  launch,
  browser,
}) => {
  const server = await launch({ SMTP_URL: smtp.url, MAIL_FROM });
  const thread = await gmThread(server.database);
  // `npm start`'s first process runs the job worker itself.
  await expect.poll(() => server.output()).toContain("job worker started");
  const viewer = await viewerOn(browser, server);
  const text = `Which customers renewed in Q3 & Q4? ${randomBytes(3).toString("hex")}`;
  const commentId = await mentionGm(viewer, server, thread, text);

  const subject = `${DEMO.viewer.name} mentioned you on ${thread.vbuName}: ${thread.description}`;
  const mail = await mailToGm(smtp, subject);
  const threadLink = `${server.url}/vbus/${thread.vbuId}/comments?on=proof_point&id=${thread.proofPointId}#comment-${commentId}`;
  const unsubscribeLink = new RegExp(`^${escapeRegExp(`${server.url}/unsubscribe?t=`)}[\\w.-]+$`);

  await test.step("the email: to the GM, from MAIL_FROM, with the comment, its thread and one-click unsubscribe", async () => {
    expect(mail.to).toEqual([DEMO.gm.email]);
    expect(mail.parsed.to).toMatchObject({ value: [{ address: DEMO.gm.email }] });
    expect(mail.parsed.from?.value).toEqual([{ address: "canvas@test.example", name: "Canvas" }]);
    expect(mail.parsed.subject).toBe(subject);
    expect(mail.parsed.text).toContain(`> @${DEMO.gm.name} ${text}`);
    expect(mail.parsed.text).toContain(threadLink);
    expect(headerOf(mail, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(headerOf(mail, "List-Unsubscribe")).toMatch(/^<.+>$/);
    const listUnsubscribe = headerOf(mail, "List-Unsubscribe")!.slice(1, -1);
    expect(listUnsubscribe).toMatch(unsubscribeLink);
    expect(mail.parsed.text).toContain(`Unsubscribe: ${listUnsubscribe}`);
    // The HTML body as a mail client shows it: the comment quoted, and its links.
    const reader = await browser.newPage();
    await reader.setContent(mail.parsed.html || "");
    await expect(reader.getByRole("heading", { name: subject })).toBeVisible();
    await expect(reader.locator("blockquote")).toHaveText(`@${DEMO.gm.name} ${text}`);
    await expect(reader.getByRole("link", { name: "Open it in Canvas" })).toHaveAttribute("href", threadLink);
    await expect(reader.getByRole("link", { name: "Unsubscribe" })).toHaveAttribute("href", listUnsubscribe);
    await reader.close();
    await expect
      .poll(async () => (await emailsForComment(server.database, thread.gmId, commentId))[0]?.status)
      .toBe("sent");
  });

  await test.step("the body's unsubscribe link, opened with no session, turns mention emails off", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setContent(mail.parsed.html || "");
    await page.getByRole("link", { name: "Unsubscribe" }).click();
    await expect(page).toHaveURL(new RegExp(`^${escapeRegExp(`${server.url}/unsubscribe/done?t=`)}`));
    await expect(page.getByRole("heading", { name: "You are unsubscribed" })).toBeVisible();
    await expect(page.getByRole("status")).toHaveText(NO_MORE_MENTIONS);
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });

  await test.step("a second mention is in the app, and no email is written for it", async () => {
    const second = await mentionGm(viewer, server, thread, `And in Q1? ${randomBytes(3).toString("hex")}`);
    const [notification] = await queryRows<{ id: string }>(
      server.database.db,
      sql`SELECT id FROM notifications WHERE user_id = ${thread.gmId} AND kind = 'mention' AND comment_id = ${second}`,
    );
    expect(notification, "the second mention notifies the GM in the app").toBeDefined();
    expect(await emailsForComment(server.database, thread.gmId, second)).toEqual([]);
    const [{ n } = { n: -1 }] = await queryRows<{ n: number }>(
      server.database.db,
      sql`SELECT count(*)::int AS n FROM emails e JOIN notifications m ON e.dedupe_key = 'notification:' || m.id
          WHERE m.user_id = ${thread.gmId} AND m.kind = 'mention'`,
    );
    expect(n, "mention emails written for the GM").toBe(1);
  });

  await test.step("a mail client's one-click POST to the List-Unsubscribe URL answers 200", async () => {
    const response = await fetch(headerOf(mail, "List-Unsubscribe")!.slice(1, -1), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
      redirect: "manual",
    });
    expect(response.status).toBe(200);
    expect((await response.text()).trim()).toBe(NO_MORE_MENTIONS);
  });
  expect(
    smtp.received.filter((m) => m.to.includes(DEMO.gm.email) && m.parsed.subject?.includes("mentioned you")),
  ).toHaveLength(1);
});

test("with CANVAS_JOBS=off the web server only enqueues, and `npm run worker` sends; SIGTERM stops the worker cleanly", async ({
  smtp,
  launch,
  browser,
}) => {
  const secret = randomBytes(32).toString("hex");
  const server = await launch({ SMTP_URL: smtp.url, MAIL_FROM, CANVAS_JOBS: "off", BETTER_AUTH_SECRET: secret });
  const thread = await gmThread(server.database);
  const viewer = await viewerOn(browser, server);
  const text = `Who signed in March? ${randomBytes(3).toString("hex")}`;
  const commentId = await mentionGm(viewer, server, thread, text);

  // Written with its send job in the comment's transaction, and left there: no process runs jobs.
  const [email] = await emailsForComment(server.database, thread.gmId, commentId);
  expect(email).toMatchObject({ status: "queued" });
  const [job] = await queryRows<{ state: string }>(
    server.database.db,
    sql`SELECT state::text FROM pgboss.job WHERE name = 'email-send' AND singleton_key = ${email!.id}`,
  );
  expect(job).toEqual({ state: "created" });
  expect(server.output()).not.toContain("job worker started");
  expect(smtp.received.filter((m) => m.to.includes(DEMO.gm.email))).toEqual([]);

  let output = "";
  const worker: ChildProcess = spawn("npm", ["run", "worker"], {
    env: {
      ...process.env,
      PATH: `${join(process.cwd(), "node_modules", ".bin")}:${process.env.PATH ?? ""}`,
      DATABASE_URL: server.database.url!,
      SMTP_URL: smtp.url,
      MAIL_FROM,
      BETTER_AUTH_SECRET: secret,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // a group of its own: npm, tsx and node, all stopped if the test fails
  });
  worker.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  worker.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    worker.once("exit", (code, signal) => resolve({ code, signal })),
  );
  try {
    const mail = await mailToGm(smtp, `${DEMO.viewer.name} mentioned you on ${thread.vbuName}`);
    expect(mail.parsed.text).toContain(`> @${DEMO.gm.name} ${text}`);
    expect(mail.parsed.from?.value).toEqual([{ address: "canvas@test.example", name: "Canvas" }]);
    await expect
      .poll(async () => (await emailsForComment(server.database, thread.gmId, commentId))[0]?.status)
      .toBe("sent");
    expect(output).toContain("worker: running jobs on");

    // What a process manager does: SIGTERM to the process it started (npm relays it).
    worker.kill("SIGTERM");
    expect(await exited, output).toEqual({ code: 0, signal: null });
    expect(output).toContain("worker: SIGTERM: finishing the jobs in hand");
  } finally {
    // Whatever is left of its group (nothing, once it stopped cleanly).
    try {
      process.kill(-worker.pid!, "SIGKILL");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
    }
  }
});
