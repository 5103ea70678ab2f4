// Notification settings and unsubscribe links (issue 18), through lib/mail/choose.ts, the settings
// action and the /unsubscribe routes, on both engines: each kind's channel with its default, the
// time zone, the weekly digest (offered to admins and viewers, refused to a GM on its field); a bad
// time zone or an unknown kind refused on its field with nothing saved; a signed link that stops a
// kind's emails, the weekly digest or the daily digest, without a session, repeatable, undone
// exactly; and a forged or cut link refused (400, never 500).
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { savePreferencesAction } from "../../app/account/notifications/actions";
import { GET as unsubscribeGet, POST as unsubscribePost } from "../../app/unsubscribe/route";
import { POST as undoPost } from "../../app/unsubscribe/undo/route";
import { getDb } from "../../db/client";
import { notificationPreferences, users } from "../../db/schema";
import type { Actor } from "../../lib/auth/roles";
import {
  DAILY_DIGEST,
  INVALID_UNSUBSCRIBE_LINK,
  readPreferences,
  readUnsubscribeLink,
  resubscribe,
  savePreferences,
  UNSUBSCRIBE_ACCOUNT_GONE,
  UnsubscribeLinkError,
  unsubscribe,
  WEEKLY_DIGEST_NOT_OFFERED,
} from "../../lib/mail/choose";
import { unsubscribeToken } from "../../lib/mail/links";
import { preferencesSchema, TIME_ZONE_REFUSED, UNKNOWN_KIND } from "../../lib/mail/schemas";
import { KIND_CHOICES, PREFERENCE_KINDS, WEEKLY_DIGEST } from "../../lib/mail/vocabulary";
import { UserFacingError } from "../../lib/errors";
import { z } from "../../lib/zod";
import { insertUser } from "../board/support";
import { useSeededAppDatabase } from "../support/app-database";
import { ENGINES, queryRows } from "../support/database";
import { actorOf, run, signInAs } from "../support/session";

/** Saves as the form sends it: strings, parsed by the form's schema. */
const save = (actor: Actor, values: Record<string, string>) =>
  savePreferences(actor, preferencesSchema.parse({ timeZone: "UTC", ...values }));

/** Each kind's channel as the settings page reads it. */
const channels = async (actor: Actor) =>
  Object.fromEntries((await readPreferences(actor)).kinds.map((k) => [k.kind, k.channel]));

const DEFAULTS = Object.fromEntries(PREFERENCE_KINDS.map((kind) => [kind, KIND_CHOICES[kind].byDefault]));

const storedRows = async (userId: string) =>
  (
    await queryRows<{ n: number }>(
      getDb(),
      sql`SELECT count(*)::int AS n FROM notification_preferences WHERE user_id = ${userId}`,
    )
  )[0]!.n;

async function refusal(write: Promise<unknown>): Promise<UserFacingError> {
  const error = await write.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserFacingError);
  return error as UserFacingError;
}

/** A token with the right shape and someone's id, but a signature the app never made. */
const forged = (userId: string, topic: string) => `${userId}.${topic}.${"A".repeat(43)}`;

const request = (path: string, init: RequestInit = {}) => new Request(new URL(path, "http://localhost:3000"), init);
const HTML = { accept: "text/html,application/xhtml+xml" };

describe.each(ENGINES)("notification settings on %s", (engine) => {
  useSeededAppDatabase(engine);

  it("reads every kind with its default, UTC, and the weekly digest as each role has it until they choose", async () => {
    const viewer = await insertUser("viewer");
    const gm = await insertUser("gm");
    const newAdmin = await insertUser("admin");
    const read = await readPreferences(viewer);
    expect(read.kinds.map((k) => k.kind)).toEqual([...PREFERENCE_KINDS]);
    expect(read.kinds.find((k) => k.kind === "mention")).toEqual({
      kind: "mention",
      label: "Someone mentions you",
      channel: "email",
    });
    expect(await channels(viewer)).toEqual(DEFAULTS);
    expect(read.timeZone).toBe("UTC");
    expect(read.weeklyDigest).toEqual({ offered: true, on: false });
    expect((await readPreferences(newAdmin)).weeklyDigest).toEqual({ offered: true, on: true });
    expect((await readPreferences(gm)).weeklyDigest).toEqual({ offered: false, on: false });
  });

  it("saves each kind's channel, the time zone and the weekly digest together; a kind left out keeps its choice", async () => {
    const viewer = await insertUser("viewer");
    await save(viewer, { mention: "digest", reply: "off", timeZone: "Europe/Paris", weeklyDigest: "true" });
    expect(await channels(viewer)).toEqual({ ...DEFAULTS, mention: "digest", reply: "off" });
    expect(await readPreferences(viewer)).toMatchObject({
      timeZone: "Europe/Paris",
      weeklyDigest: { offered: true, on: true },
    });

    await save(viewer, { comment: "email", timeZone: "America/New_York", weeklyDigest: "false" });
    expect(await channels(viewer)).toEqual({ ...DEFAULTS, mention: "digest", reply: "off", comment: "email" });
    expect(await readPreferences(viewer)).toMatchObject({
      timeZone: "America/New_York",
      weeklyDigest: { offered: true, on: false },
    });
    const [row] = await getDb().select({ timeZone: users.timeZone }).from(users).where(eq(users.id, viewer.id));
    expect(row!.timeZone).toBe("America/New_York");
  });

  it("refuses a GM the weekly digest on its field, and saves nothing of that form", async () => {
    const gm = await insertUser("gm");
    const error = await refusal(save(gm, { mention: "off", timeZone: "Asia/Tokyo", weeklyDigest: "true" }));
    expect(error.fieldErrors).toEqual({ weeklyDigest: [WEEKLY_DIGEST_NOT_OFFERED] });
    expect(await storedRows(gm.id)).toBe(0);
    expect((await readPreferences(gm)).timeZone).toBe("UTC");

    // Unticked (or absent, as the GM's own form sends it), it is fine, and writes no weekly row.
    await save(gm, { mention: "off", weeklyDigest: "false" });
    expect((await channels(gm)).mention).toBe("off");
    const weekly = await getDb()
      .select()
      .from(notificationPreferences)
      .where(sql`${notificationPreferences.userId} = ${gm.id} AND ${notificationPreferences.kind} = ${WEEKLY_DIGEST}`);
    expect(weekly).toEqual([]);
  });

  it("decides the weekly digest on the role the person has now, not the one their session was made with", async () => {
    const person = await insertUser("viewer");
    await getDb().update(users).set({ role: "gm" }).where(eq(users.id, person.id));
    const error = await refusal(save(person, { weeklyDigest: "true" }));
    expect(error.fieldErrors).toEqual({ weeklyDigest: [WEEKLY_DIGEST_NOT_OFFERED] });
  });

  it("refuses a time zone it does not know, an unknown kind and an unknown channel, each on its field", () => {
    const result = preferencesSchema.safeParse({
      timeZone: "Mars/Olympus_Mons",
      mention: "carrier pigeon",
      telepathy: "email",
    });
    expect(result.success).toBe(false);
    expect(z.flattenError(result.error!).fieldErrors).toEqual({
      timeZone: [TIME_ZONE_REFUSED],
      mention: ["Choose one of the listed options."],
      telepathy: [UNKNOWN_KIND],
    });
    expect(preferencesSchema.safeParse({ timeZone: "" }).success).toBe(false);
    expect(preferencesSchema.safeParse({ timeZone: "Europe/Paris ", weeklyDigest: "maybe" }).success).toBe(false);
    expect(preferencesSchema.parse({ timeZone: " Europe/Paris " }).timeZone).toBe("Europe/Paris");
  });

  it("the action saves the caller's own settings, and answers a bad time zone on its field with nothing saved", async () => {
    await signInAs("viewer");
    const viewer = await actorOf("viewer");
    const before = await readPreferences(viewer);
    expect(await run(savePreferencesAction, { mention: "email", timeZone: "Nowhere/Special" })).toEqual({
      status: "error",
      formError: "Check the highlighted fields.",
      fieldErrors: { timeZone: [TIME_ZONE_REFUSED] },
    });
    expect(await readPreferences(viewer)).toEqual(before);

    expect(
      await run(savePreferencesAction, { mention: "digest", timeZone: "Europe/Lisbon", weeklyDigest: "true" }),
    ).toEqual({ status: "success", message: "Notification settings saved." });
    expect(await readPreferences(viewer)).toMatchObject({
      timeZone: "Europe/Lisbon",
      weeklyDigest: { offered: true, on: true },
    });
    expect((await channels(viewer)).mention).toBe("digest");

    await signInAs("ana");
    expect(await run(savePreferencesAction, { timeZone: "UTC", weeklyDigest: "true" })).toEqual({
      status: "error",
      formError: "Check the highlighted fields.",
      fieldErrors: { weeklyDigest: [WEEKLY_DIGEST_NOT_OFFERED] },
    });
  });

  describe("unsubscribe links", () => {
    it("stop one kind's emails (it stays in the app), again harmlessly, and Undo brings them back", async () => {
      const viewer = await insertUser("viewer");
      await save(viewer, { reply: "email" });
      const token = unsubscribeToken(viewer.id, "mention");
      expect(await unsubscribe(token)).toEqual({
        topic: "mention",
        topicLabel: "“Someone mentions you”",
        changedKinds: [],
      });
      expect(await channels(viewer)).toEqual({ ...DEFAULTS, reply: "email", mention: "in_app" });
      await unsubscribe(token);
      expect(await channels(viewer)).toEqual({ ...DEFAULTS, reply: "email", mention: "in_app" });
      expect(await readUnsubscribeLink(token)).toMatchObject({ topic: "mention", receiving: false });

      await resubscribe(token);
      expect((await channels(viewer)).mention).toBe("email");
      expect(await readUnsubscribeLink(token)).toMatchObject({ receiving: true });

      // A kind whose default sends no email comes back as email at once.
      const reply = unsubscribeToken(viewer.id, "reply");
      await unsubscribe(reply);
      expect((await channels(viewer)).reply).toBe("in_app");
      await resubscribe(reply);
      expect((await channels(viewer)).reply).toBe("email");

      // Chosen otherwise since the unsubscribe: Undo leaves it.
      await unsubscribe(token);
      await save(viewer, { mention: "off" });
      await resubscribe(token);
      expect((await channels(viewer)).mention).toBe("off");
    });

    it("turn the weekly digest off and back on", async () => {
      const newAdmin = await insertUser("admin");
      const token = unsubscribeToken(newAdmin.id, WEEKLY_DIGEST);
      expect((await unsubscribe(token)).topicLabel).toBe("weekly portfolio digest");
      expect((await readPreferences(newAdmin)).weeklyDigest).toEqual({ offered: true, on: false });
      expect(await readUnsubscribeLink(token)).toMatchObject({ receiving: false });
      await resubscribe(token);
      expect((await readPreferences(newAdmin)).weeklyDigest).toEqual({ offered: true, on: true });
    });

    it("stop the daily digest: every kind in it goes to the app only, and Undo puts back exactly those", async () => {
      const viewer = await insertUser("viewer");
      await save(viewer, { mention: "digest", reply: "digest", comment: "email" });
      const token = unsubscribeToken(viewer.id, DAILY_DIGEST);
      const done = await unsubscribe(token);
      expect(done.topicLabel).toBe("daily digest");
      expect([...done.changedKinds].sort()).toEqual(["mention", "proof_points_overdue", "reply"]);
      expect(await channels(viewer)).toEqual({
        ...DEFAULTS,
        mention: "in_app",
        reply: "in_app",
        comment: "email",
        proof_points_overdue: "in_app",
      });
      expect(await readUnsubscribeLink(token)).toMatchObject({ receiving: false });
      expect((await unsubscribe(token)).changedKinds).toEqual([]); // again: nothing left to stop

      await resubscribe(token, done.changedKinds);
      expect(await channels(viewer)).toEqual({ ...DEFAULTS, mention: "digest", reply: "digest", comment: "email" });

      // Without the kinds (a repeated link lost them): the kinds that are in it by default.
      await unsubscribe(token);
      await resubscribe(token);
      expect(await channels(viewer)).toEqual({
        ...DEFAULTS,
        mention: "in_app",
        reply: "in_app",
        comment: "email",
        proof_points_overdue: "digest",
      });
    });

    it("work for a disabled account (harmlessly), and refuse an account that is gone", async () => {
      const person = await insertUser("viewer");
      await getDb().update(users).set({ disabledAt: new Date() }).where(eq(users.id, person.id));
      await unsubscribe(unsubscribeToken(person.id, "mention"));
      expect((await channels(person)).mention).toBe("in_app");

      const gone = await insertUser("viewer");
      const token = unsubscribeToken(gone.id, "mention");
      await getDb().delete(users).where(eq(users.id, gone.id));
      // One at a time: a refusal started before its turn would reject unheard.
      for (const attempt of [() => unsubscribe(token), () => resubscribe(token), () => readUnsubscribeLink(token)]) {
        const error = await refusal(attempt());
        expect(error).toBeInstanceOf(UnsubscribeLinkError);
        expect(error.message).toBe(UNSUBSCRIBE_ACCOUNT_GONE);
      }
    });

    it("refuse a forged, altered, cut or unknown-topic token, and change nothing", async () => {
      const viewer = await insertUser("viewer");
      const good = unsubscribeToken(viewer.id, "mention");
      const other = await insertUser("viewer");
      const bad: unknown[] = [
        forged(viewer.id, "mention"),
        `${other.id}.mention.${good.split(".")[2]}`, // someone else's id under this signature
        good.replace(".mention.", ".reply."), // another topic under this signature
        good.slice(0, -1),
        `${good}x`,
        unsubscribeToken(viewer.id, "everything"), // signed, but no such topic
        "",
        null,
        undefined,
        42,
      ];
      for (const token of bad) {
        for (const attempt of [() => unsubscribe(token), () => resubscribe(token), () => readUnsubscribeLink(token)]) {
          const error = await refusal(attempt());
          expect(error).toBeInstanceOf(UnsubscribeLinkError);
          expect(error.message).toBe(INVALID_UNSUBSCRIBE_LINK);
        }
      }
      expect(await storedRows(viewer.id)).toBe(0);
      expect(await storedRows(other.id)).toBe(0);
    });
  });

  describe("the /unsubscribe routes", () => {
    it("GET applies the link without a session and sends the browser on to the page that says so; again, the same", async () => {
      const viewer = await insertUser("viewer");
      const token = unsubscribeToken(viewer.id, "mention");
      for (let time = 0; time < 2; time++) {
        const response = await unsubscribeGet(request(`/unsubscribe?t=${token}`, { headers: HTML }));
        expect(response.status).toBe(303);
        expect(response.headers.get("location")).toBe(`/unsubscribe/done?t=${token}`);
        expect((await channels(viewer)).mention).toBe("in_app");
      }
    });

    it("GET of the daily digest carries the kinds it stopped to the page, for Undo", async () => {
      const viewer = await insertUser("viewer");
      await save(viewer, { mention: "digest" });
      const token = unsubscribeToken(viewer.id, DAILY_DIGEST);
      const response = await unsubscribeGet(request(`/unsubscribe?t=${token}`, { headers: HTML }));
      const location = new URL(response.headers.get("location")!, "http://localhost:3000");
      expect(location.pathname).toBe("/unsubscribe/done");
      expect(location.searchParams.get("kinds")!.split(",").sort()).toEqual(["mention", "proof_points_overdue"]);
    });

    it("POST with List-Unsubscribe=One-Click (RFC 8058, no cookies, no Origin) answers 200 and applies it", async () => {
      const newAdmin = await insertUser("admin");
      const token = unsubscribeToken(newAdmin.id, WEEKLY_DIGEST);
      const response = await unsubscribePost(
        request(`/unsubscribe?t=${token}`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: "List-Unsubscribe=One-Click",
        }),
      );
      expect(response.status).toBe(200);
      expect(await response.text()).toBe("You will no longer receive weekly portfolio digest emails.\n");
      expect((await readPreferences(newAdmin)).weeklyDigest.on).toBe(false);
    });

    it("Undo posts the token (and kinds) back, restores, and sends the browser to the page again", async () => {
      const viewer = await insertUser("viewer");
      await save(viewer, { mention: "digest" });
      const token = unsubscribeToken(viewer.id, DAILY_DIGEST);
      await unsubscribe(token);
      const body = new URLSearchParams({ t: token, kinds: "mention,not_a_kind" });
      const response = await undoPost(request("/unsubscribe/undo", { method: "POST", headers: HTML, body }));
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe(`/unsubscribe/done?t=${token}`);
      expect((await channels(viewer)).mention).toBe("digest");
      expect((await channels(viewer)).proof_points_overdue).toBe("in_app");
    });

    it("a forged or missing token is a 400 page for a browser, the error shape for anything else, never a 500", async () => {
      const viewer = await insertUser("viewer");
      for (const path of [
        `/unsubscribe?t=${forged(viewer.id, "mention")}`,
        "/unsubscribe",
        "/unsubscribe?t=<script>",
      ]) {
        const page = await unsubscribeGet(request(path, { headers: HTML }));
        expect(page.status).toBe(400);
        expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
        const html = await page.text();
        expect(html).toContain("This unsubscribe link did not work");
        expect(html).not.toContain("<script>");

        const answer = await unsubscribePost(request(path, { method: "POST", body: "List-Unsubscribe=One-Click" }));
        expect(answer.status).toBe(400);
        expect(await answer.json()).toEqual({ status: "error", formError: INVALID_UNSUBSCRIBE_LINK, fieldErrors: {} });
      }
      const undo = await undoPost(request("/unsubscribe/undo", { method: "POST", body: "not a form" }));
      expect(undo.status).toBe(400);
      expect(await storedRows(viewer.id)).toBe(0);
    });
  });
});
