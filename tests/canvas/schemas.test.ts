// The canvas forms' schemas (lib/canvas/schemas.ts): the text rule applied to every canvas
// field, review months, and the currently-testing target.
import { describe, expect, it } from "vitest";
import { canvasFieldsSchema, reviewMonth, setCurrentlyTestingSchema } from "../../lib/canvas/schemas";

const errorsOf = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? [] : result.error!.issues.map((i) => i.message);

describe("canvas fields", () => {
  it("refuse a right-to-left override, as any text field does", () => {
    const result = canvasFieldsSchema.safeParse({
      lifecycleLane: "build",
      productName: "invoice\u202Efdp.exe",
      successDescription: "",
      futureStateIntent: "",
      primaryFocus: "",
      resistDoing: "",
      goodDiscipline: "",
      primaryConstraint: "",
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues).toMatchObject([
      { path: ["productName"], message: "Remove the hidden character U+202E from this text." },
    ]);
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
