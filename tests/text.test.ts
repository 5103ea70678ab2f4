import { describe, expect, it } from "vitest";
import { setCurrentlyTestingSchema, reviewMonth } from "../lib/canvas/schemas";
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
    expect(errorsOf(thesis.safeParse("a\u0000b"))).toEqual(["Remove the control characters from this text."]);
    expect(thesis.parse("a\tb\nc")).toBe("a\tb\nc");
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

describe("reviewMonth", () => {
  it("stores a month as its first day and answers one clear message for a bad one", () => {
    expect(reviewMonth.parse("2027-03")).toBe("2027-03-01");
    expect(reviewMonth.parse("")).toBeNull();
    expect(errorsOf(reviewMonth.safeParse("13/2026"))).toEqual(["Choose a month (YYYY-MM)."]);
    expect(errorsOf(reviewMonth.safeParse("1999-12"))).toEqual(["Choose a month between 2000 and 2100."]);
  });
});

describe("setCurrentlyTestingSchema", () => {
  const id = "6f1c2a0e-4b8d-4c3e-9a57-0d2f6b1e8c44";
  it("reads type:id exactly, and nothing else", () => {
    expect(setCurrentlyTestingSchema.parse({ vbuId: id, target: `thesis:${id}` }).target).toEqual({
      type: "thesis",
      id,
    });
    expect(setCurrentlyTestingSchema.parse({ vbuId: id, target: "" }).target).toBeNull();
    expect(setCurrentlyTestingSchema.safeParse({ vbuId: id, target: `thesis:${id}:extra` }).success).toBe(false);
    expect(setCurrentlyTestingSchema.safeParse({ vbuId: id, target: `canvas:${id}` }).success).toBe(false);
  });
});
