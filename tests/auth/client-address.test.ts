import { describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER, clientAddress, connectionAddressIsSet } from "../../lib/auth/client-address";
import { readEnv } from "../../lib/env";

const headers = (values: Record<string, string>) => new Headers(values);

describe("clientAddress", () => {
  it("with no proxy, is the connection's address, whatever X-Forwarded-For the client wrote", () => {
    expect(
      clientAddress(headers({ [CLIENT_ADDRESS_HEADER]: "198.51.100.7", "x-forwarded-for": "203.0.113.1" }), 0, true),
    ).toBe("198.51.100.7");
  });

  it("behind trusted proxies, is the entry that many hops from the right, never a client-written one", () => {
    const forwarded = "203.0.113.1, 198.51.100.20, 10.0.0.5"; // written by the client, then two proxies
    const h = headers({ [CLIENT_ADDRESS_HEADER]: "10.0.0.9", "x-forwarded-for": forwarded });
    expect(clientAddress(h, 1, true)).toBe("10.0.0.5");
    expect(clientAddress(h, 2, true)).toBe("198.51.100.20");
  });

  it("falls back to the connection when the chain is shorter than the hops (a request past the proxy)", () => {
    expect(clientAddress(headers({ [CLIENT_ADDRESS_HEADER]: "10.0.0.9" }), 2, true)).toBe("10.0.0.9");
  });

  it("without the worker's hook (next dev), ignores that header and takes Next.js's own entry, the rightmost", () => {
    const spoofed = { [CLIENT_ADDRESS_HEADER]: "203.0.113.66", "x-forwarded-for": "203.0.113.1, 127.0.0.1" };
    expect(clientAddress(headers(spoofed), 0, false)).toBe("127.0.0.1");
    expect(clientAddress(headers({}), 0, false)).toBe("unknown");
    expect(connectionAddressIsSet()).toBe(false); // vitest runs without the hook
  });
});

describe("TRUSTED_PROXY_HOPS", () => {
  it("defaults to 0 and accepts a small whole number", () => {
    expect(readEnv({}).TRUSTED_PROXY_HOPS).toBe(0);
    expect(readEnv({ TRUSTED_PROXY_HOPS: "2" }).TRUSTED_PROXY_HOPS).toBe(2);
  });

  it.each(["-1", "1.5", "eleven", "11"])("refuses %j at start-up", (value) => {
    expect(() => readEnv({ TRUSTED_PROXY_HOPS: value })).toThrow(/TRUSTED_PROXY_HOPS/);
  });
});
