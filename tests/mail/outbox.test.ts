// The outbox (/admin/outbox, issue 18), through lib/mail/outbox-read.ts, on both engines: admins
// read every email, newest first, 50 a page by keyset on added_seq, and one email whole with its
// headers; a viewer and a GM are refused; an unknown id is not found; the note about SMTP_URL.
import { randomUUID } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "../../db/client";
import { emails } from "../../db/schema";
import type { Actor } from "../../lib/auth/roles";
import { ForbiddenError, NotFoundError } from "../../lib/errors";
import {
  listOutbox,
  ONLY_ADMINS_READ_THE_OUTBOX,
  OUTBOX_PAGE_SIZE,
  parseOutboxCursor,
  readEmail,
} from "../../lib/mail/outbox-read";
import { uniqueTag } from "../factories";
import { useAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { insertUser } from "../board/support";

/** `count` kept emails to one person, written one after another: subjects "<tag> 1"…"<tag> n". */
async function writeEmails(count: number, tag: string, userId: string | null = null) {
  const rows = Array.from({ length: count }, (_, i) => ({
    userId,
    toAddress: "victor.hale@canvas.example",
    kind: i % 3 === 0 ? "daily_digest" : "notification",
    dedupeKey: `test:${randomUUID()}`,
    subject: `${tag} ${i + 1}`,
    textBody: `Text of ${tag} ${i + 1}`,
    htmlBody: `<p>HTML of ${tag} ${i + 1}</p><script>alert(1)</script>`,
    unsubscribeUrl: `http://localhost:3000/unsubscribe?t=${tag}`,
    status: "kept",
  }));
  // One insert per row: added_seq follows the order written.
  const ids: string[] = [];
  for (const row of rows) {
    const [written] = await getDb().insert(emails).values(row).returning({ id: emails.id });
    ids.push(written!.id);
  }
  return ids;
}

async function refusal(read: Promise<unknown>) {
  return read.then(
    () => null,
    (e: unknown) => e,
  );
}

describe.each(ENGINES)("the outbox on %s", (engine) => {
  useAppDatabase(engine);
  let admin: Actor;
  let viewer: Actor;
  let gm: Actor;
  beforeAll(async () => {
    [admin, viewer, gm] = await Promise.all([insertUser("admin"), insertUser("viewer"), insertUser("gm")]);
  });
  afterEach(() => vi.unstubAllEnvs());

  it("is empty before any email is written", async () => {
    expect(await listOutbox(admin)).toMatchObject({ emails: [], nextCursor: null });
  });

  it("lists the newest first, 50 a page, and pages back by added_seq to the oldest", async () => {
    const tag = `Paged ${uniqueTag()}`;
    const total = OUTBOX_PAGE_SIZE * 2 + 7;
    await writeEmails(total, tag, viewer.id);
    const subjects: string[] = [];
    let cursor: number | null = null;
    let pages = 0;
    do {
      const page = await listOutbox(admin, cursor);
      subjects.push(...page.emails.map((e) => e.subject));
      expect(page.emails.length).toBe(page.nextCursor === null ? 7 : OUTBOX_PAGE_SIZE);
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(subjects).toEqual(Array.from({ length: total }, (_, i) => `${tag} ${total - i}`));

    const [newest] = (await listOutbox(admin)).emails;
    expect(newest).toMatchObject({
      subject: `${tag} ${total}`,
      toAddress: "victor.hale@canvas.example",
      status: "kept",
      statusLabel: "Kept (no SMTP server)",
      kindLabel: "Notification",
      sentAt: null,
    });
    expect(new Date(newest!.createdAt).toISOString()).toBe(newest!.createdAt);
  });

  it("reads one email whole: its headers as sent, its text and its HTML", async () => {
    const tag = `One ${uniqueTag()}`;
    const [id] = await writeEmails(1, tag);
    const email = await readEmail(admin, id!);
    expect(email).toMatchObject({
      id,
      subject: `${tag} 1`,
      kindLabel: "Daily digest email",
      textBody: `Text of ${tag} 1`,
      htmlBody: `<p>HTML of ${tag} 1</p><script>alert(1)</script>`,
      attempts: 0,
      lastError: null,
    });
    expect(email.headers.map((h) => h.name)).toEqual([
      "From",
      "To",
      "Subject",
      "List-Unsubscribe",
      "List-Unsubscribe-Post",
    ]);
    expect(email.headers.find((h) => h.name === "List-Unsubscribe")!.value).toBe(
      `<http://localhost:3000/unsubscribe?t=${tag}>`,
    );
  });

  it("refuses a viewer and a GM, the list and each email", async () => {
    const [id] = await writeEmails(1, `Refused ${uniqueTag()}`);
    for (const actor of [viewer, gm]) {
      // One at a time: a refusal started before its turn would reject unheard.
      for (const read of [() => listOutbox(actor), () => readEmail(actor, id!)]) {
        const error = await refusal(read());
        expect(error).toBeInstanceOf(ForbiddenError);
        expect((error as Error).message).toBe(ONLY_ADMINS_READ_THE_OUTBOX);
      }
    }
  });

  it("answers not found for an id that is not an email's", async () => {
    for (const id of [randomUUID(), "not-a-uuid", ""]) {
      expect(await refusal(readEmail(admin, id))).toBeInstanceOf(NotFoundError);
    }
  });

  it("says whether there is an SMTP server", async () => {
    vi.stubEnv("SMTP_URL", "");
    expect((await listOutbox(admin)).smtpConfigured).toBe(false);
    vi.stubEnv("SMTP_URL", "smtp://localhost:2525");
    expect((await listOutbox(admin)).smtpConfigured).toBe(true);
  });

  it("reads ?before= as a cursor only when it is a positive whole number", () => {
    expect(parseOutboxCursor("120")).toBe(120);
    expect(parseOutboxCursor(["7", "9"])).toBe(7);
    for (const bad of [undefined, "", "0", "-3", "1.5", "abc", "99999999999999999999"]) {
      expect(parseOutboxCursor(bad)).toBeNull();
    }
  });
});
