/** Where to go after sign-in: only a path on this site ("/x", never "//evil" or "https://…"). */
export function safeReturnPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next;
}
