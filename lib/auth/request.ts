import "server-only";
import { parseSetCookieHeader } from "better-auth/cookies";
import { cookies, headers } from "next/headers";
import { readEnv } from "../env";
import { clientAddress } from "./client-address";
import type { RequestInfo } from "./sign-in";

/** The caller's address (see clientAddress: never one the client chose) and user agent. */
export async function requestInfo(): Promise<RequestInfo> {
  const h = await headers();
  return { ip: clientAddress(h, readEnv().TRUSTED_PROXY_HOPS), userAgent: h.get("user-agent") };
}

/** Applies better-auth's Set-Cookie headers to this response. */
export async function applySetCookies(source: Headers): Promise<void> {
  const header = source.get("set-cookie");
  if (!header) return;
  const jar = await cookies();
  for (const [name, attributes] of parseSetCookieHeader(header)) {
    jar.set(name, attributes.value, {
      maxAge: attributes["max-age"],
      expires: attributes.expires,
      path: attributes.path ?? "/",
      httpOnly: attributes.httponly ?? true,
      secure: attributes.secure ?? false,
      sameSite: (attributes.samesite?.toLowerCase() as "lax" | "strict" | "none" | undefined) ?? "lax",
    });
  }
}

export async function cookieHeader(): Promise<string> {
  return (await cookies())
    .getAll()
    .map((c) => `${c.name}=${c.value}`)
    .join("; ");
}
