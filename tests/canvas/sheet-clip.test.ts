// The one-page canvas's clip rule (lib/canvas/sheet.ts): a typical text is shown whole, a longer
// one is cut at a word with an ellipsis and says so, never silently.
import { describe, expect, it } from "vitest";
import { clipText, SHEET_LIMITS } from "../../lib/canvas/sheet";

describe("the sheet's clip rule", () => {
  it("shows a text up to its limit whole, trimmed", () => {
    const typical = "x".repeat(SHEET_LIMITS.field);
    expect(clipText(typical, SHEET_LIMITS.field)).toEqual({ text: typical, clipped: false });
    expect(clipText("  Ports pay per call.  ", 20)).toEqual({ text: "Ports pay per call.", clipped: false });
  });

  it("cuts a longer text at the last word inside the limit, with an ellipsis, and says it did", () => {
    const clipped = clipText("Planners accept automatic slot proposals when they see why", 30);
    expect(clipped).toEqual({ text: "Planners accept automatic slot…", clipped: true });
  });

  it("cuts inside a word when no space falls in the limit's last third", () => {
    expect(clipText("Supercalifragilistic expialidocious", 12)).toEqual({ text: "Supercalifra…", clipped: true });
  });

  it("drops punctuation left at the cut", () => {
    expect(clipText("One, two, three, four", 9)).toEqual({ text: "One, two…", clipped: true });
  });

  it("counts characters, not UTF-16 units, so no emoji or accent is split", () => {
    const emoji = "🚢".repeat(5);
    expect(clipText(emoji, 5)).toEqual({ text: emoji, clipped: false });
    expect(clipText(`${emoji}🚢`, 5)).toEqual({ text: `${emoji}…`, clipped: true });
    expect(clipText("Chloé Martin", 12).clipped).toBe(false);
  });

  it("never shows more characters than the limit, whatever the text", () => {
    for (const text of ["a ".repeat(400), "word".repeat(200), `${"long ".repeat(70)}end`]) {
      const { text: shown, clipped } = clipText(text, SHEET_LIMITS.field);
      expect(clipped).toBe(true);
      expect(Array.from(shown.slice(0, -1)).length).toBeLessThanOrEqual(SHEET_LIMITS.field);
    }
  });
});
