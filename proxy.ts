import { type NextRequest, NextResponse } from "next/server";
import { readEnv } from "./lib/env";
import { ACTION_BODY_TOO_LARGE, isOversizedAction } from "./lib/security/action-body";
import { contentSecurityPolicy } from "./lib/security/headers";
import { arrivedOverHttps, STRICT_TRANSPORT_SECURITY } from "./lib/security/https";

// Sets the per-request CSP nonce, and HSTS on answers to requests that came over HTTPS. HSTS
// holds for the whole host once a browser has it, and the API routes (outside this proxy) are
// only ever called from pages that carry it. Authorization is NOT done here: every page and server
// action checks the session and the record itself (lib/auth).
export function proxy(request: NextRequest) {
  if (isOversizedAction(request.method, request.headers)) {
    return new NextResponse(ACTION_BODY_TOO_LARGE, { status: 413, headers: { "content-type": "text/plain" } });
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy(nonce, { development: process.env.NODE_ENV === "development" });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  if (arrivedOverHttps(request.headers, readEnv().TRUSTED_PROXY_HOPS)) {
    response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  }
  return response;
}

export const config = {
  matcher: [
    {
      // Not the API routes: they set their own headers, and a proxy in front of an upload
      // would make Next.js buffer the request body. Nor the health probes (app/healthz,
      // app/readyz): public, answered without a session, and nothing here may hold them up.
      source: "/((?!_next/static|_next/image|favicon.ico|api/|healthz$|readyz$).*)",
      missing: [{ type: "header", key: "next-router-prefetch" }],
    },
  ],
};
