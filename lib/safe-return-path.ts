const BASE = "http://canvas.invalid";

/**
 * Where to go after sign-in: only a path on this site ("/x", never "//evil" or "https://…").
 * Browsers drop tabs and newlines from URLs and read "\" as "/", so "/\t/evil.example" would
 * become "//evil.example" on the way: such characters are refused outright, and what is left
 * must resolve to this site.
 */
export function safeReturnPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || /[\u0000-\u0020\u007f\\]/.test(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE || url.pathname.startsWith("//")) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
