// The text rules every form shares (lib/text.ts); the schemas that use them are tested with
// their feature (the canvas forms: tests/canvas/schemas.test.ts).
import { describe, expect, it } from "vitest";
import { optionalText, requiredText } from "../lib/text";

const errorsOf = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? [] : result.error!.issues.map((i) => i.message);

describe("text rules", () => {
  const thesis = requiredText("the thesis", 10);
  it("trims spaces and invisible characters at the ends, keeping them inside", () => {
    expect(thesis.parse("  \u200Bhi there\uFEFF\n")).toBe("hi there");
    expect(thesis.parse("a\u200Db")).toBe("a\u200Db"); // joiners inside (emoji) stay
  });
  it("counts blank, whitespace-only and invisible-only text as missing", () => {
    for (const blank of ["", "   ", "\t\n", "\u200B", " \uFEFF "]) {
      expect(errorsOf(thesis.safeParse(blank))).toEqual(["Enter the thesis."]);
    }
  });
  it("refuses control characters such as NUL, but keeps tabs and newlines", () => {
    expect(errorsOf(thesis.safeParse("a\u0000b"))).toEqual(["Remove the hidden character U+0000 from this text."]);
    expect(errorsOf(thesis.safeParse("a\u0085b"))).toEqual(["Remove the hidden character U+0085 from this text."]);
    expect(thesis.parse("a\tb\r\nc")).toBe("a\tb\r\nc");
  });
  it("refuses every bidirectional control: they reorder what the text shows", () => {
    for (const bidi of [
      "\u061C",
      "\u200E",
      "\u200F",
      "\u202A",
      "\u202B",
      "\u202C",
      "\u202D",
      "\u202E",
      "\u2066",
      "\u2067",
      "\u2068",
      "\u2069",
    ]) {
      const code = `U+${bidi.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
      expect(errorsOf(thesis.safeParse(`ab${bidi}cd`))).toEqual([
        `Remove the hidden character ${code} from this text.`,
      ]);
    }
  });
  it("keeps the joiners some scripts and emoji need", () => {
    expect(thesis.parse("\u{1F469}\u200D\u{1F4BB}")).toBe("\u{1F469}\u200D\u{1F4BB}");
    expect(thesis.parse("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645")).toBe(
      "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645",
    );
  });
  it("bounds the length after trimming", () => {
    expect(thesis.parse(` ${"x".repeat(10)} `)).toBe("x".repeat(10));
    expect(errorsOf(thesis.safeParse("x".repeat(11)))).toEqual(["Keep it to 10 characters or fewer."]);
  });
  it("turns blank optional text into null", () => {
    expect(optionalText(5).parse(" \u200B ")).toBeNull();
    expect(optionalText(5).parse(" ok ")).toBe("ok");
  });
});
