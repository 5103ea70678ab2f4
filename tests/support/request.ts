// A stand-in for the request Next.js would give server code (next/headers): a cookie jar
// and headers that tests control. tests/support/next-mocks.ts wires it in.
//
// The jar keeps every attribute the code sets with a cookie (HttpOnly, Secure, SameSite, Path,
// Domain, Max-Age, Expires...), as the Set-Cookie header would carry them, so tests can assert
// them; requests send back only name=value, as a browser does.

/** The attributes of next/headers' `cookies().set` (Next.js's ResponseCookie). */
export interface CookieAttributes {
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: "lax" | "strict" | "none" | boolean;
  path?: string;
  domain?: string;
  maxAge?: number;
  expires?: Date | number;
  priority?: "low" | "medium" | "high";
  partitioned?: boolean;
}

/** A cookie as the code last set it: its value and every attribute it was given. */
export interface JarCookie extends CookieAttributes {
  name: string;
  value: string;
}

const jar = new Map<string, JarCookie>();
let address = "203.0.113.7";

const copy = (cookie: JarCookie): JarCookie => ({ ...cookie });

function isExpired(cookie: JarCookie): boolean {
  if (cookie.maxAge !== undefined && cookie.maxAge <= 0) return true;
  if (cookie.expires === undefined) return false;
  const at = cookie.expires instanceof Date ? cookie.expires.getTime() : cookie.expires;
  return at <= Date.now();
}

export const cookieStore = {
  get: (name: string): JarCookie | undefined => {
    const cookie = jar.get(name);
    return cookie && copy(cookie);
  },
  getAll: (): JarCookie[] => [...jar.values()].map(copy),
  has: (name: string) => jar.has(name),
  /** As Next.js: `set(name, value, attributes)` or `set({ name, value, ...attributes })`. */
  set: (nameOrCookie: string | JarCookie, value?: string, attributes: CookieAttributes = {}) => {
    const cookie: JarCookie =
      typeof nameOrCookie === "string"
        ? { ...attributes, name: nameOrCookie, value: value ?? "" }
        : { ...nameOrCookie };
    // Attributes set as undefined were not set: drop the keys, so toEqual sees what was given.
    for (const key of Object.keys(cookie) as (keyof JarCookie)[]) {
      if (cookie[key] === undefined) delete cookie[key];
    }
    if (isExpired(cookie) || cookie.value === "") jar.delete(cookie.name);
    else jar.set(cookie.name, cookie);
  },
  delete: (name: string) => jar.delete(name),
};

export function requestHeaders(): Headers {
  const headers = new Headers({ "user-agent": "vitest", "x-forwarded-for": address });
  const cookie = [...jar.values()].map((c) => `${c.name}=${c.value}`).join("; ");
  if (cookie) headers.set("cookie", cookie);
  return headers;
}

/** The cookies as they are now, to replay later. */
export function saveCookies(): Map<string, JarCookie> {
  return new Map([...jar].map(([name, cookie]) => [name, copy(cookie)]));
}

export function restoreCookies(saved: Map<string, JarCookie>): void {
  jar.clear();
  for (const [name, cookie] of saved) jar.set(name, copy(cookie));
}

export function clearCookies(): void {
  jar.clear();
}

export function setAddress(ip: string): void {
  address = ip;
}
