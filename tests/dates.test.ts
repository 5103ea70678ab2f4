// The date helpers of lib/dates.ts.
import { describe, expect, it } from "vitest";
import { monthFromNow } from "../lib/dates";

describe("monthFromNow", () => {
  it("gives the first day of a month, across year ends", () => {
    const now = new Date(Date.UTC(2026, 11, 31, 23, 0));
    expect(monthFromNow(0, now)).toBe("2026-12-01");
    expect(monthFromNow(1, now)).toBe("2027-01-01");
    expect(monthFromNow(-12, now)).toBe("2025-12-01");
  });
});
