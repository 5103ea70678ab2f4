// The board's URL filters (lib/board/filters.ts): each one valid or ignored, never an error.
import { describe, expect, it } from "vitest";
import { boardHref, canonicalBoardHref, hasFilters, parseBoardFilters } from "../../lib/board/filters";

const GM = "3f1c9f1e-2b7a-4c1d-9e55-0a6b2f9d8c11";

describe("parseBoardFilters", () => {
  it("reads a GM id, a status and a search from the URL", () => {
    expect(parseBoardFilters({ gm: GM, status: "stalled", q: "  Harbor  " })).toEqual({
      gm: GM,
      status: "stalled",
      q: "Harbor",
    });
    expect(parseBoardFilters({ status: "overdue" })).toEqual({ status: "overdue" });
  });

  it("reads the review state filter, each of the four states", () => {
    for (const review of ["published", "draft", "due", "overdue"] as const) {
      expect(parseBoardFilters({ review })).toEqual({ review });
      expect(boardHref({ review })).toBe(`/board?review=${review}`);
      expect(canonicalBoardHref({ review })).toBeNull();
    }
    expect(hasFilters({ review: "due" })).toBe(true);
    expect(parseBoardFilters({ status: "overdue", review: "overdue" })).toEqual({
      status: "overdue",
      review: "overdue",
    });
  });

  it("ignores a hostile review filter: unknown, differently spelt, very long, or repeated", () => {
    for (const review of [
      "finished",
      "Overdue",
      " due",
      "due ",
      "",
      "x".repeat(100_000),
      "due' OR 1=1 --",
      "due\u0000",
    ]) {
      expect(parseBoardFilters({ review, q: "a" })).toEqual({ q: "a" });
      expect(canonicalBoardHref({ review, q: "a" })).toBe("/board?q=a");
    }
    expect(parseBoardFilters({ review: ["nope", "due"] })).toEqual({});
    expect(parseBoardFilters({ review: ["draft", "due"] })).toEqual({ review: "draft" });
    expect(parseBoardFilters({ review: [] })).toEqual({});
    expect(canonicalBoardHref({ review: ["draft", "due"] })).toBe("/board?review=draft");
  });

  it("ignores blank, invalid or unknown values one by one instead of failing", () => {
    expect(parseBoardFilters({})).toEqual({});
    expect(parseBoardFilters({ gm: "", status: "", q: "   " })).toEqual({});
    expect(parseBoardFilters({ gm: "ana", status: "done", q: "Harbor" })).toEqual({ q: "Harbor" });
    expect(parseBoardFilters({ gm: `${GM}' OR 1=1`, status: "observed" })).toEqual({ status: "observed" });
    expect(parseBoardFilters({ q: "x".repeat(101) })).toEqual({});
    expect(parseBoardFilters({ q: "nul\u0000byte" })).toEqual({});
    expect(parseBoardFilters({ lane: "archive", page: "2" })).toEqual({});
  });

  it("reads the lane to show in full, which is not a filter", () => {
    expect(parseBoardFilters({ lane: "milk" })).toEqual({ lane: "milk" });
    expect(hasFilters({ lane: "milk" })).toBe(false);
    expect(boardHref({ q: "a", lane: "milk" })).toBe("/board?q=a&lane=milk");
  });

  it("takes the first of a repeated parameter", () => {
    expect(parseBoardFilters({ status: ["observed", "stalled"], q: ["a", "b"] })).toEqual({
      status: "observed",
      q: "a",
    });
  });
});

describe("the My VBUs filter", () => {
  it("is ?mine=1 in the URL, and anything else is ignored", () => {
    expect(parseBoardFilters({ mine: "1" })).toEqual({ mine: true });
    expect(parseBoardFilters({ mine: "" })).toEqual({});
    expect(parseBoardFilters({ mine: "yes", q: "a" })).toEqual({ q: "a" });
    expect(hasFilters({ mine: true })).toBe(true);
    expect(boardHref({ mine: true, q: "a", lane: "milk" })).toBe("/board?q=a&mine=1&lane=milk");
    expect(canonicalBoardHref({ mine: "1", q: "a" })).toBe("/board?q=a&mine=1");
    expect(canonicalBoardHref({ mine: "1" })).toBeNull();
    expect(canonicalBoardHref({ mine: "0" })).toBe("/board");
  });
});

describe("the stale filter", () => {
  it("is ?stale=1 in the URL, kept with the others and cleared with them", () => {
    expect(parseBoardFilters({ stale: "1" })).toEqual({ stale: true });
    expect(hasFilters({ stale: true })).toBe(true);
    expect(boardHref({ stale: true })).toBe("/board?stale=1");
    expect(boardHref({ gm: GM, status: "stalled", review: "due", q: "a", mine: true, stale: true, lane: "sell" })).toBe(
      `/board?gm=${GM}&status=stalled&review=due&q=a&mine=1&stale=1&lane=sell`,
    );
    expect(canonicalBoardHref({ stale: "1" })).toBeNull();
    expect(canonicalBoardHref({ stale: "1", q: "a" })).toBe("/board?q=a&stale=1");
    expect(
      parseBoardFilters(Object.fromEntries(new URL(boardHref({ stale: true, q: "a" }), "http://x").searchParams)),
    ).toEqual({
      stale: true,
      q: "a",
    });
  });

  it("ignores a hostile stale value: anything but 1, differently spelt, very long, or repeated after a 1", () => {
    for (const stale of [
      "0",
      "true",
      "yes",
      "on",
      "01",
      " 1",
      "1 ",
      "",
      "x".repeat(100_000),
      "1' OR 1=1 --",
      "1\u0000",
    ]) {
      expect(parseBoardFilters({ stale, q: "a" })).toEqual({ q: "a" });
      expect(canonicalBoardHref({ stale, q: "a" })).toBe("/board?q=a");
    }
    expect(parseBoardFilters({ stale: ["0", "1"] })).toEqual({});
    expect(parseBoardFilters({ stale: ["1", "0"] })).toEqual({ stale: true });
    expect(canonicalBoardHref({ stale: ["1", "1"] })).toBe("/board?stale=1");
  });
});

describe("boardHref", () => {
  it("round-trips the filters through the URL, leaving out the ones not set", () => {
    expect(boardHref({})).toBe("/board");
    const href = boardHref({ gm: GM, status: "in_progress", review: "draft", q: "100% & more" });
    expect(href).toBe(`/board?gm=${GM}&status=in_progress&review=draft&q=100%25+%26+more`);
    const params = Object.fromEntries(new URL(href, "http://x").searchParams);
    expect(parseBoardFilters(params)).toEqual({ gm: GM, status: "in_progress", review: "draft", q: "100% & more" });
    expect(hasFilters({})).toBe(false);
    expect(hasFilters({ q: "a" })).toBe(true);
  });
});

describe("canonicalBoardHref", () => {
  it("leaves a clean board URL alone", () => {
    expect(canonicalBoardHref({})).toBeNull();
    expect(canonicalBoardHref({ gm: GM, status: "stalled", q: "Harbor", lane: "sell" })).toBeNull();
    expect(canonicalBoardHref({ gm: GM, status: "stalled", review: "due", q: "Harbor", lane: "sell" })).toBeNull();
  });

  it("drops what the GET form sends blank, what cannot be used, and what is unknown", () => {
    expect(canonicalBoardHref({ q: "", gm: "", status: "" })).toBe("/board");
    expect(canonicalBoardHref({ q: "harbor", gm: "", status: "" })).toBe("/board?q=harbor");
    expect(canonicalBoardHref({ q: "  harbor " })).toBe("/board?q=harbor");
    expect(canonicalBoardHref({ gm: "nobody", status: "finished", utm: "x" })).toBe("/board");
    expect(canonicalBoardHref({ status: ["observed", "stalled"] })).toBe("/board?status=observed");
    expect(canonicalBoardHref({ q: "a", gm: GM })).toBe(`/board?gm=${GM}&q=a`);
    expect(canonicalBoardHref({ q: "a", review: "due", status: "stalled" })).toBe(
      "/board?status=stalled&review=due&q=a",
    );
    // An id in capitals is the same GM, spelt as the filter's list spells it.
    expect(canonicalBoardHref({ gm: GM.toUpperCase() })).toBe(`/board?gm=${GM.toLowerCase()}`);
  });
});
