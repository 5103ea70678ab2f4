// A stand-in for the request Next.js would give server code (next/headers): a cookie jar
// and headers that tests control. tests/support/next-mocks.ts wires it in.
interface Cookie {
  name: string;
  value: string;
}

const jar = new Map<string, string>();
let address = "203.0.113.7";

export const cookieStore = {
  get: (name: string): Cookie | undefined => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
  getAll: (): Cookie[] => [...jar].map(([name, value]) => ({ name, value })),
  has: (name: string) => jar.has(name),
  set: (name: string, value: string, options?: { maxAge?: number; expires?: Date }) => {
    const expired =
      options?.maxAge === 0 || (options?.expires !== undefined && options.expires.getTime() <= Date.now());
    if (expired || value === "") jar.delete(name);
    else jar.set(name, value);
  },
  delete: (name: string) => jar.delete(name),
};

export function requestHeaders(): Headers {
  const headers = new Headers({ "user-agent": "vitest", "x-forwarded-for": address });
  const cookie = cookieStore
    .getAll()
    .map((c) => `${c.name}=${c.value}`)
    .join("; ");
  if (cookie) headers.set("cookie", cookie);
  return headers;
}

/** The cookies as they are now, to replay later. */
export function saveCookies(): Map<string, string> {
  return new Map(jar);
}

export function restoreCookies(saved: Map<string, string>): void {
  jar.clear();
  for (const [k, v] of saved) jar.set(k, v);
}

export function clearCookies(): void {
  jar.clear();
}

export function setAddress(ip: string): void {
  address = ip;
}
