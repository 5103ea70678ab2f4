import { describe, expect, it } from "vitest";
import { safeReturnPath } from "../../lib/safe-return-path";

describe("safeReturnPath", () => {
  it.each([
    ["/", "/"],
    ["/vbus/123", "/vbus/123"],
    ["/?lane=build&q=harbor", "/?lane=build&q=harbor"],
    ["/vbus/1#theses", "/vbus/1#theses"],
    ["/%09/evil.example", "/%09/evil.example"], // stays encoded: a path on this site
  ])("keeps a path on this site: %s", (next, expected) => {
    expect(safeReturnPath(next)).toBe(expected);
  });

  it.each([
    [undefined],
    [null],
    [""],
    ["https://evil.example"],
    ["evil.example"],
    ["//evil.example"],
    ["/\\evil.example"],
    ["/\t/evil.example"],
    ["/\n/evil.example"],
    ["/\r\n/evil.example"],
    ["/ /evil.example"],
    ["/\u0000/evil.example"],
    ["/\u007f/evil.example"],
    ["\t//evil.example"],
    ["/vbus/1\nSet-Cookie: x=1"],
  ])("answers / for anything that could leave the site or break a header: %j", (next) => {
    expect(safeReturnPath(next)).toBe("/");
  });
});
