// A Next.js build can hold two copies of lib/ (route handlers and pages are bundled apart),
// and what is shared on globalThis throws from whichever copy built it. Errors are told apart
// by the brand they carry, not by the identity of one copy's class.
import { describe, expect, it, vi } from "vitest";
import * as here from "../lib/errors";

async function anotherCopy() {
  vi.resetModules();
  const errors = await import("../lib/errors");
  expect(errors.NotFoundError).not.toBe(here.NotFoundError); // really another copy
  return errors;
}

describe("errors made by another copy of lib/", () => {
  it("are instances of this copy's classes, and only of the right ones", async () => {
    const other = await anotherCopy();
    const notFound = new other.NotFoundError("That VBU");
    expect(notFound).toBeInstanceOf(here.NotFoundError);
    expect(notFound).toBeInstanceOf(here.UserFacingError);
    expect(notFound).not.toBeInstanceOf(here.ForbiddenError);
    expect(notFound).not.toBeInstanceOf(here.SignedOutError);

    const tooLarge = new other.TooLargeError("Too large");
    expect(tooLarge).toBeInstanceOf(here.TooLargeError);
    expect(tooLarge).toBeInstanceOf(here.UserFacingError);
    expect(tooLarge).not.toBeInstanceOf(here.NotFoundError);

    const conflict = new other.ConflictError("Someone saved first", { version: 2 });
    expect(conflict).toBeInstanceOf(here.ConflictError);
    expect(new other.UserFacingError("Plain")).not.toBeInstanceOf(here.ConflictError);
  });

  it("anything else is not one of them", () => {
    for (const value of [
      new Error("x"),
      new TypeError("x"),
      null,
      undefined,
      "NotFoundError",
      { name: "NotFoundError" },
    ]) {
      expect(value).not.toBeInstanceOf(here.UserFacingError);
    }
    // A look-alike cannot forge the brand by naming itself.
    const lookAlike = Object.assign(new Error("x"), { name: "UserFacingError", fieldErrors: {} });
    expect(lookAlike).not.toBeInstanceOf(here.UserFacingError);
  });
});
