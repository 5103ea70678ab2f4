// The one-page canvas's clip rule (lib/canvas/sheet.ts): a text up to its limit is shown whole;
// a longer one is cut at a word with an ellipsis and says so, never silently, and with its
// "continued in the app" mark it takes no more room than a whole one may.
import { describe, expect, it } from "vitest";
import { clipText, CONTINUED_LABEL, SHEET_LIMITS } from "../../lib/canvas/sheet";

/** Characters a clipped text takes on the sheet: its words, the ellipsis, a space and the mark. */
const shownLength = (text: string) => Array.from(text).length + 1 + CONTINUED_LABEL.length;

describe("the sheet's clip rule", () => {
  it("shows a text up to its limit whole, trimmed", () => {
    const typical = "x".repeat(SHEET_LIMITS.field);
    expect(clipText(typical, SHEET_LIMITS.field)).toEqual({ text: typical, clipped: false });
    expect(clipText("  Ports pay per call.  ", 19)).toEqual({ text: "Ports pay per call.", clipped: false });
  });

  it("cuts a longer text at a word, leaving room for the mark, with an ellipsis, and says it did", () => {
    const clipped = clipText("Planners accept automatic slot proposals when they see why", 52);
    expect(clipped).toEqual({ text: "Planners accept automatic slot…", clipped: true });
    expect(shownLength(clipped.text)).toBeLessThanOrEqual(52);
    expect(clipText("Planners accept automatic slot proposals when they see why", 51)).toEqual({
      text: "Planners accept automatic…",
      clipped: true,
    });
  });

  it("cuts inside a word when no space falls in the cut's last third", () => {
    expect(clipText("Supercalifragilistic expialidocious", 34)).toEqual({ text: "Supercalifra…", clipped: true });
  });

  it("drops punctuation left at the cut", () => {
    expect(clipText("One, two, three, four, five, six, seven, eight", 31)).toEqual({
      text: "One, two…",
      clipped: true,
    });
  });

  it("counts characters, not UTF-16 units, so no emoji is split", () => {
    const ships = (n: number) => "🚢".repeat(n);
    expect(clipText(ships(30), 30)).toEqual({ text: ships(30), clipped: false });
    expect(clipText(ships(31), 30)).toEqual({ text: `${ships(8)}…`, clipped: true });
    expect(clipText("Chloé Martin", 12).clipped).toBe(false);
  });

  it("never takes more room than the limit, mark included, whatever the text", () => {
    const texts = ["a ".repeat(400), "word".repeat(200), `${"long ".repeat(70)}end`, "🚢 ".repeat(300)];
    for (const limit of Object.values(SHEET_LIMITS)) {
      for (const text of texts) {
        const shown = clipText(text, limit);
        expect(shown.clipped).toBe(true);
        expect(shownLength(shown.text)).toBeLessThanOrEqual(limit);
      }
    }
  });
});
