// The review server actions (app/vbus/[id]/reviews/actions.ts) under hostile input, signed in as
// the VBU's GM: every bad input answers an error state on its field (never throws, never the
// generic error) and changes nothing. Plus the happy path and the conflict as the forms see them.
// The actions read the real clock, so the months here are this month and last month as of now.
import { randomUUID } from "node:crypto";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as reviewActions from "../../app/vbus/[id]/reviews/actions";
import {
  acknowledgeReviewAction,
  deleteReviewAction,
  saveReviewAction,
  startReviewAction,
} from "../../app/vbus/[id]/reviews/actions";
import { getDb } from "../../db/client";
import { type ActionState, IDLE, type ServerAction } from "../../lib/action-state";
import type { Actor } from "../../lib/auth/roles";
import { formatMoment } from "../../lib/dates";
import { PUBLISHED_IS_READ_ONLY } from "../../lib/reviews/lock";
import { CLOSED_MONTH, FUTURE_MONTH, monthAt, monthParam } from "../../lib/reviews/vocabulary";
import { MISSING_FIELD } from "../../lib/text";
import {
  HEALTH_REQUIRED,
  LEARNED_REQUIRED,
  NOT_PUBLISHED_YET,
  REVIEW_CONFLICT,
  STALE_DELETE,
} from "../../lib/reviews/write";
import { createVbu } from "../factories";
import { useSeededAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { actorOf, run, signInAs } from "../support/session";
import { PUBLISHABLE, publishedReview, reviewOf, reviewRow, reviewsOf, reviewState, startedDraft } from "./support";

type Action = ServerAction<unknown>;
type Values = Record<string, string>;

const CHECK_FIELDS = "Check the highlighted fields.";
const NUL_IN_TEXT = "Remove the hidden character U+0000 from this text.";
const hidden = (code: string) => `Remove the hidden character ${code} from this text.`;
const LIMIT_5000 = "Keep it to 5000 characters or fewer.";
const LIMIT_2000 = "Keep it to 2000 characters or fewer.";
const MISSING_TEXT = MISSING_FIELD;
const VERSION = "The review version is missing. Reload the page.";
const HEALTH = "Choose on track, at risk or off track.";
const MONTH = "Choose a month (YYYY-MM).";
const REVIEW_INVALID = "The review is not valid. Reload the page.";
const REVIEW_NOT_FOUND = "That review was not found. It may have been deleted.";
const NARRATIVE = ["learned", "decisions", "asks", "nextFocus"] as const;

/** This month and its neighbours as YYYY-MM, by the clock the actions read. */
const month = (offset = 0) => monthParam(monthAt(new Date(), offset));

interface Fixture {
  vbuId: string;
  /** This month's draft, version 1. */
  draftId: string;
  /** Last month's review, published (version 2). */
  publishedId: string;
  /** Another GM's VBU and its draft. */
  otherVbuId: string;
  otherDraftId: string;
}

/** Runs an action that must answer (not throw, not redirect). */
async function answer(action: Action, values: Values | FormData): Promise<ActionState<unknown>> {
  if (values instanceof FormData) return action(IDLE, values);
  const result = await run(action, values);
  if (result === "redirected") throw new Error("The action redirected");
  return result;
}

const draftForm = (reviewId: string, overrides: Values = {}): Values => ({
  reviewId,
  version: "1",
  learned: "Learned",
  decisions: "Decided",
  asks: "Asked",
  nextFocus: "Focus",
  health: "on_track",
  intent: "save",
  ...overrides,
});

const fieldError = (field: string, ...messages: string[]) => ({
  formError: CHECK_FIELDS,
  fieldErrors: { [field]: messages },
});

interface Hostile {
  name: string;
  action: Action;
  values: (f: Fixture) => Values | FormData;
  expected: { formError: string; fieldErrors: Record<string, string[]> };
}

/** A form whose `key` is sent twice (an array), or as a file: lib/action.ts keeps the last string. */
function formWith(values: Values, extra: (data: FormData) => void): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  extra(data);
  return data;
}

const BAD_MONTHS = [
  "2026-13",
  "2026-1",
  "2026-00",
  "../x",
  "..%2Fx",
  "x".repeat(10_000),
  "",
  "[object Object]",
  '["2026-05"]',
  "2026-05-01",
  " 2026-05",
  "2026-05\u0000",
  "1999-12",
  "2101-01",
];
const BAD_VERSIONS = ["abc", "1.5", "0", "-1", "99999999999", "[object Object]", "[1]", ""];
const BAD_HEALTHS = ["great", "ON_TRACK", '["on_track"]', "[object Object]", "on_track\u0000", "null"];

const HOSTILE: Hostile[] = [
  // ------------------------------------------------------------ startReviewAction
  ...BAD_MONTHS.map((value): Hostile => ({
    name: `startReviewAction: the month ${JSON.stringify(value.slice(0, 20))}${value.length > 20 ? `… (${value.length})` : ""}`,
    action: startReviewAction,
    values: (f) => ({ vbuId: f.vbuId, month: value }),
    expected: fieldError("month", MONTH),
  })),
  {
    name: "startReviewAction: no month",
    action: startReviewAction,
    values: (f) => ({ vbuId: f.vbuId }),
    expected: fieldError("month", "Choose a month."),
  },
  {
    name: "startReviewAction: a malformed VBU id",
    action: startReviewAction,
    values: () => ({ vbuId: "../x", month: month() }),
    expected: fieldError("vbuId", "The VBU is not valid. Reload the page."),
  },
  {
    name: "startReviewAction: next month",
    action: startReviewAction,
    values: (f) => ({ vbuId: f.vbuId, month: month(1) }),
    expected: { formError: FUTURE_MONTH, fieldErrors: { month: [FUTURE_MONTH] } },
  },
  {
    name: "startReviewAction: the month before last",
    action: startReviewAction,
    values: (f) => ({ vbuId: f.vbuId, month: month(-2) }),
    expected: { formError: CLOSED_MONTH, fieldErrors: { month: [CLOSED_MONTH] } },
  },
  {
    name: "startReviewAction: another GM's VBU",
    action: startReviewAction,
    values: (f) => ({ vbuId: f.otherVbuId, month: month() }),
    expected: { formError: "Only this VBU's GM, or an admin, can write its monthly review.", fieldErrors: {} },
  },
  // ------------------------------------------------------------ saveReviewAction, both intents
  ...(["save", "publish"] as const).flatMap((intent): Hostile[] => [
    ...NARRATIVE.flatMap((field): Hostile[] => [
      {
        name: `saveReviewAction (${intent}): a NUL in ${field}`,
        action: saveReviewAction,
        values: (f) => draftForm(f.draftId, { intent, [field]: "Before\u0000after" }),
        expected: fieldError(field, NUL_IN_TEXT),
      },
      {
        name: `saveReviewAction (${intent}): a right-to-left override in ${field}`,
        action: saveReviewAction,
        values: (f) => draftForm(f.draftId, { intent, [field]: "invoice\u202Efdp.exe" }),
        expected: fieldError(field, hidden("U+202E")),
      },
      {
        name: `saveReviewAction (${intent}): a first-strong isolate in ${field}`,
        action: saveReviewAction,
        values: (f) => draftForm(f.draftId, { intent, [field]: "a\u2068b" }),
        expected: fieldError(field, hidden("U+2068")),
      },
      {
        name: `saveReviewAction (${intent}): 5001 characters in ${field}`,
        action: saveReviewAction,
        values: (f) => draftForm(f.draftId, { intent, [field]: "w".repeat(5001) }),
        expected: fieldError(field, LIMIT_5000),
      },
      {
        name: `saveReviewAction (${intent}): a file in ${field}`,
        action: saveReviewAction,
        values: (f) => {
          const { [field]: _dropped, ...rest } = draftForm(f.draftId, { intent });
          return formWith(rest, (data) => data.set(field, new Blob(["text in a file"]), "words.txt"));
        },
        expected: fieldError(field, MISSING_TEXT),
      },
    ]),
    {
      name: `saveReviewAction (${intent}): a million characters in every text`,
      action: saveReviewAction,
      values: (f) =>
        draftForm(f.draftId, { intent, ...Object.fromEntries(NARRATIVE.map((n) => [n, "m".repeat(1_000_000)])) }),
      expected: {
        formError: CHECK_FIELDS,
        fieldErrors: Object.fromEntries(NARRATIVE.map((n) => [n, [LIMIT_5000]])),
      },
    },
    ...BAD_VERSIONS.map((version): Hostile => ({
      name: `saveReviewAction (${intent}): the version ${JSON.stringify(version)}`,
      action: saveReviewAction,
      values: (f) => draftForm(f.draftId, { intent, version }),
      expected: fieldError("version", VERSION),
    })),
    ...BAD_HEALTHS.map((health): Hostile => ({
      name: `saveReviewAction (${intent}): the health ${JSON.stringify(health)}`,
      action: saveReviewAction,
      values: (f) => draftForm(f.draftId, { intent, health }),
      expected: fieldError("health", HEALTH),
    })),
    {
      name: `saveReviewAction (${intent}): the health sent twice, the last unknown`,
      action: saveReviewAction,
      values: (f) => formWith(draftForm(f.draftId, { intent }), (data) => data.append("health", "splendid")),
      expected: fieldError("health", HEALTH),
    },
    {
      name: `saveReviewAction (${intent}): a malformed review id`,
      action: saveReviewAction,
      values: (f) => draftForm(f.draftId, { intent, reviewId: "1 OR 1=1" }),
      expected: fieldError("reviewId", REVIEW_INVALID),
    },
    {
      name: `saveReviewAction (${intent}): nothing but the review`,
      action: saveReviewAction,
      values: (f) => ({ reviewId: f.draftId, intent }),
      expected: {
        formError: CHECK_FIELDS,
        fieldErrors: {
          version: [VERSION],
          learned: [MISSING_TEXT],
          decisions: [MISSING_TEXT],
          asks: [MISSING_TEXT],
          nextFocus: [MISSING_TEXT],
          health: [HEALTH],
        },
      },
    },
    {
      name: `saveReviewAction (${intent}): a published review`,
      action: saveReviewAction,
      values: (f) => draftForm(f.publishedId, { intent, version: "2" }),
      expected: { formError: PUBLISHED_IS_READ_ONLY, fieldErrors: {} },
    },
    {
      name: `saveReviewAction (${intent}): another GM's draft`,
      action: saveReviewAction,
      values: (f) => draftForm(f.otherDraftId, { intent }),
      expected: { formError: REVIEW_NOT_FOUND, fieldErrors: {} },
    },
    {
      name: `saveReviewAction (${intent}): a review that does not exist`,
      action: saveReviewAction,
      values: () => draftForm(randomUUID(), { intent }),
      expected: { formError: REVIEW_NOT_FOUND, fieldErrors: {} },
    },
  ]),
  {
    name: "saveReviewAction: an intent that does not exist",
    action: saveReviewAction,
    values: (f) => draftForm(f.draftId, { intent: "destroy" }),
    expected: fieldError("intent", "Save or publish the review."),
  },
  {
    name: "saveReviewAction: publishing without a health call or what was learned",
    action: saveReviewAction,
    values: (f) => draftForm(f.draftId, { intent: "publish", health: "", learned: " \u200B " }),
    expected: { formError: CHECK_FIELDS, fieldErrors: { health: [HEALTH_REQUIRED], learned: [LEARNED_REQUIRED] } },
  },
  // ------------------------------------------------------------ deleteReviewAction
  ...BAD_VERSIONS.map((version): Hostile => ({
    name: `deleteReviewAction: the version ${JSON.stringify(version)}`,
    action: deleteReviewAction,
    values: (f) => ({ reviewId: f.draftId, version }),
    expected: fieldError("version", VERSION),
  })),
  {
    name: "deleteReviewAction: a malformed review id",
    action: deleteReviewAction,
    values: () => ({ reviewId: "../x", version: "1" }),
    expected: fieldError("reviewId", REVIEW_INVALID),
  },
  {
    name: "deleteReviewAction: a stale version",
    action: deleteReviewAction,
    values: (f) => ({ reviewId: f.draftId, version: "2" }),
    expected: { formError: STALE_DELETE, fieldErrors: {} },
  },
  {
    name: "deleteReviewAction: a published review",
    action: deleteReviewAction,
    values: (f) => ({ reviewId: f.publishedId, version: "2" }),
    expected: { formError: PUBLISHED_IS_READ_ONLY, fieldErrors: {} },
  },
  {
    name: "deleteReviewAction: another GM's draft",
    action: deleteReviewAction,
    values: (f) => ({ reviewId: f.otherDraftId, version: "1" }),
    expected: { formError: REVIEW_NOT_FOUND, fieldErrors: {} },
  },
  // ------------------------------------------------------------ acknowledgeReviewAction (the GM: fields first)
  {
    name: "acknowledgeReviewAction: a 2001-character comment",
    action: acknowledgeReviewAction,
    values: (f) => ({ reviewId: f.publishedId, comment: "c".repeat(2001) }),
    expected: fieldError("comment", LIMIT_2000),
  },
  {
    name: "acknowledgeReviewAction: a NUL in the comment",
    action: acknowledgeReviewAction,
    values: (f) => ({ reviewId: f.publishedId, comment: "Seen\u0000" }),
    expected: fieldError("comment", NUL_IN_TEXT),
  },
  {
    name: "acknowledgeReviewAction: a left-to-right override in the comment",
    action: acknowledgeReviewAction,
    values: (f) => ({ reviewId: f.publishedId, comment: "Seen\u202D" }),
    expected: fieldError("comment", hidden("U+202D")),
  },
  {
    // The comment is optional (the queue sends none): a file is no comment, and the GM is refused.
    name: "acknowledgeReviewAction: a comment in a file, from the GM",
    action: acknowledgeReviewAction,
    values: (f) =>
      formWith({ reviewId: f.publishedId }, (data) => data.set("comment", new Blob(["Seen"]), "comment.txt")),
    expected: { formError: "Only admins acknowledge monthly reviews.", fieldErrors: {} },
  },
  {
    name: "acknowledgeReviewAction: a malformed review id",
    action: acknowledgeReviewAction,
    values: () => ({ reviewId: "[object Object]", comment: "" }),
    expected: fieldError("reviewId", REVIEW_INVALID),
  },
  {
    name: "acknowledgeReviewAction: from the GM",
    action: acknowledgeReviewAction,
    values: (f) => ({ reviewId: f.publishedId, comment: "Seen" }),
    expected: { formError: "Only admins acknowledge monthly reviews.", fieldErrors: {} },
  },
];

// ---------------------------------------------------------------------------- tests

describe.each(ENGINES)("review actions on %s", (engine) => {
  useSeededAppDatabase(engine);
  let ana: Actor;
  let ben: Actor;
  beforeAll(async () => {
    [ana, ben] = await Promise.all([actorOf("ana"), actorOf("ben")]);
  });
  beforeEach(async () => {
    await signInAs("ana");
  });

  /** Ana's new VBU with this month's draft and last month's published review; Ben's with a draft. */
  async function fixture(): Promise<Fixture> {
    const now = new Date();
    const own = await createVbu(getDb(), { gmId: ana.id });
    const other = await createVbu(getDb(), { gmId: ben.id });
    const draft = await startedDraft(ana, own.vbuId, month(), now);
    const published = await publishedReview(ana, own.vbuId, month(-1), PUBLISHABLE, now);
    const otherDraft = await startedDraft(ben, other.vbuId, month(), now);
    return {
      vbuId: own.vbuId,
      draftId: draft.id,
      publishedId: published.id,
      otherVbuId: other.vbuId,
      otherDraftId: otherDraft.id,
    };
  }

  describe("hostile input from the VBU's GM", () => {
    for (const { name, action, values, expected } of HOSTILE) {
      it(`${name}: an error state on the field, nothing changed or logged`, async () => {
        const f = await fixture();
        const before = [await reviewState(f.vbuId), await reviewState(f.otherVbuId)];
        const logged = vi.spyOn(console, "error").mockImplementation(() => {});
        try {
          expect(await answer(action, values(f))).toEqual({ status: "error", ...expected });
          expect(logged).not.toHaveBeenCalled();
        } finally {
          logged.mockRestore();
        }
        expect([await reviewState(f.vbuId), await reviewState(f.otherVbuId)]).toEqual(before);
      });
    }

    it("has hostile cases for every review action", () => {
      const covered = new Set(HOSTILE.map((h) => h.name.split(/[: ]/)[0]));
      expect(Object.keys(reviewActions).filter((name) => !covered.has(name))).toEqual([]);
    });
  });

  describe("the happy path and the conflict, as the forms see them", () => {
    it("startReviewAction opens the review page, starting a draft once, for this month and last", async () => {
      const own = await createVbu(getDb(), { gmId: ana.id });
      for (const m of [month(), month(-1)]) {
        expect(await run(startReviewAction, { vbuId: own.vbuId, month: m })).toBe("redirected");
        expect(await run(startReviewAction, { vbuId: own.vbuId, month: m })).toBe("redirected");
        expect(await reviewOf(own.vbuId, m)).toMatchObject({ status: "draft", version: 1, createdBy: ana.id });
      }
      expect((await reviewsOf(own.vbuId)).map((r) => r.month)).toEqual([`${month(-1)}-01`, `${month()}-01`]);
    });

    it("saveReviewAction saves (the longest texts allowed too), answers the new version, and a stale save the conflict", async () => {
      const f = await fixture();
      const longest = Object.fromEntries(NARRATIVE.map((n) => [n, "l".repeat(5000)]));
      expect(await answer(saveReviewAction, draftForm(f.draftId, longest))).toEqual({
        status: "success",
        message: "Draft saved.",
        version: 2,
      });
      expect(await answer(saveReviewAction, draftForm(f.draftId, { version: "2", health: "" }))).toEqual({
        status: "success",
        message: "Draft saved.",
        version: 3,
      });
      const saved = (await reviewRow(f.draftId))!;
      expect(saved).toMatchObject({ learned: "Learned", health: null, version: 3, updatedBy: ana.id });
      const before = await reviewState(f.vbuId);
      expect(await answer(saveReviewAction, draftForm(f.draftId, { version: "2", learned: "Stale" }))).toEqual({
        status: "conflict",
        formError: REVIEW_CONFLICT,
        latest: {
          values: { learned: "Learned", decisions: "Decided", asks: "Asked", nextFocus: "Focus", health: null },
          version: 3,
          savedAt: saved.updatedAt.toISOString(),
          savedById: ana.id,
          savedByName: expect.any(String),
        },
      });
      expect(await reviewState(f.vbuId)).toBe(before);
    });

    it("saveReviewAction with intent publish publishes: read-only afterwards", async () => {
      const f = await fixture();
      expect(await answer(saveReviewAction, draftForm(f.draftId, { intent: "publish" }))).toEqual({
        status: "success",
        message: "Review published. It is read-only now.",
      });
      expect(await reviewRow(f.draftId)).toMatchObject({
        status: "published",
        health: "on_track",
        learned: "Learned",
        publishedBy: ana.id,
        version: 2,
      });
      expect(await answer(saveReviewAction, draftForm(f.draftId, { version: "2" }))).toEqual({
        status: "error",
        formError: PUBLISHED_IS_READ_ONLY,
        fieldErrors: {},
      });
    });

    it("deleteReviewAction deletes the draft and goes to the VBU's reviews", async () => {
      const f = await fixture();
      expect(await run(deleteReviewAction, { reviewId: f.draftId, version: "1" })).toBe("redirected");
      expect(await reviewRow(f.draftId)).toBeUndefined();
    });

    it("acknowledgeReviewAction: an admin acknowledges once; a draft cannot be; a second time says who and when", async () => {
      const f = await fixture();
      await signInAs("admin");
      const admin = await actorOf("admin");
      expect(await answer(acknowledgeReviewAction, { reviewId: f.draftId, comment: "" })).toEqual({
        status: "error",
        formError: NOT_PUBLISHED_YET,
        fieldErrors: {},
      });
      expect(await answer(acknowledgeReviewAction, { reviewId: f.publishedId, comment: "  Thanks.  " })).toEqual({
        status: "success",
        message: "Review acknowledged.",
      });
      const row = (await reviewRow(f.publishedId))!;
      expect(row).toMatchObject({ acknowledgedBy: admin.id, acknowledgementComment: "Thanks." });
      const second = await answer(acknowledgeReviewAction, { reviewId: f.publishedId, comment: "" });
      expect(second).toEqual({
        status: "error",
        formError: expect.stringMatching(
          new RegExp(` already acknowledged this review on ${formatMoment(row.acknowledgedAt!.toISOString())}\\.$`),
        ),
        fieldErrors: {},
      });
      expect(await reviewRow(f.publishedId)).toEqual(row);
    });

    it("acknowledgeReviewAction without a comment field (the queue's form), or with a file for one: no comment", async () => {
      const first = await fixture();
      const second = await fixture();
      await signInAs("admin");
      expect(await answer(acknowledgeReviewAction, { reviewId: first.publishedId })).toEqual({
        status: "success",
        message: "Review acknowledged.",
      });
      const withFile = formWith({ reviewId: second.publishedId }, (data) =>
        data.set("comment", new Blob(["Seen"]), "comment.txt"),
      );
      expect(await answer(acknowledgeReviewAction, withFile)).toEqual({
        status: "success",
        message: "Review acknowledged.",
      });
      for (const id of [first.publishedId, second.publishedId]) {
        expect(await reviewRow(id)).toMatchObject({ acknowledgedBy: expect.any(String), acknowledgementComment: null });
      }
    });
  });
});
