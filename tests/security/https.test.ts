import { describe, expect, it } from "vitest";
import { arrivedOverHttps } from "../../lib/security/https";

const proto = (value?: string) => new Headers(value === undefined ? {} : { "x-forwarded-proto": value });

describe("arrivedOverHttps", () => {
  it("is never true without a trusted proxy: npm start serves plain HTTP, and the header is the client's", () => {
    expect(arrivedOverHttps(proto("https"), 0)).toBe(false);
    expect(arrivedOverHttps(proto(), 0)).toBe(false);
  });
  it("believes the entry the outermost trusted proxy wrote, not those a client put before it", () => {
    expect(arrivedOverHttps(proto("https"), 1)).toBe(true);
    expect(arrivedOverHttps(proto("HTTPS"), 1)).toBe(true);
    expect(arrivedOverHttps(proto("https, http"), 1)).toBe(false);
    expect(arrivedOverHttps(proto("http, https, http"), 2)).toBe(true);
    expect(arrivedOverHttps(proto("http"), 1)).toBe(false);
    expect(arrivedOverHttps(proto(), 1)).toBe(false);
  });
});
