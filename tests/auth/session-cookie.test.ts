import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readSignedSessionToken } from "../../lib/auth/session-cookie";

const SECRET = "a-test-secret-that-is-long-enough-for-hmac";
const NAME = "__Host-better-auth.session_token";
// How better-call signs it: token.base64(HMAC-SHA256(secret, token)), URL-encoded.
const signed = (token: string, secret = SECRET) =>
  encodeURIComponent(`${token}.${createHmac("sha256", secret).update(token).digest("base64")}`);

describe("readSignedSessionToken", () => {
  it("answers the token of a cookie signed with the secret, encoded or not, among other cookies", () => {
    const value = signed("tok123");
    expect(readSignedSessionToken(`${NAME}=${value}`, NAME, SECRET)).toBe("tok123");
    expect(readSignedSessionToken(`a=1; ${NAME}=${decodeURIComponent(value)}; b=2`, NAME, SECRET)).toBe("tok123");
    expect(readSignedSessionToken(`a=1;${NAME}=${value}`, NAME, SECRET)).toBe("tok123");
  });

  it("answers null without the cookie, under another name, or signed with another secret", () => {
    expect(readSignedSessionToken(null, NAME, SECRET)).toBeNull();
    expect(readSignedSessionToken("", NAME, SECRET)).toBeNull();
    expect(readSignedSessionToken(`better-auth.session_token=${signed("tok")}`, NAME, SECRET)).toBeNull();
    expect(readSignedSessionToken(`x${NAME}=${signed("tok")}`, NAME, SECRET)).toBeNull();
    expect(
      readSignedSessionToken(`${NAME}=${signed("tok", "another-secret-entirely-of-some-length")}`, NAME, SECRET),
    ).toBeNull();
  });

  it("answers null for a truncated, empty or altered signature and for a bare token", () => {
    const value = decodeURIComponent(signed("tok"));
    for (const forged of ["tok", ".sig", "tok.", value.slice(0, -2), `${value}A`, value.replace("tok", "tom")]) {
      expect(readSignedSessionToken(`${NAME}=${encodeURIComponent(forged)}`, NAME, SECRET), forged).toBeNull();
    }
    expect(readSignedSessionToken(`${NAME}=%E0%A4%A`, NAME, SECRET)).toBeNull();
  });
});
