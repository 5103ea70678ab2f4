import "server-only";
import type { Actor } from "../../auth/roles";
import { getCurrentUser } from "../../auth/session";
import { NotFoundError } from "../../errors";

/**
 * The signed-in reader of a PDF document, on the downloads' terms (lib/attachments/serve.ts):
 * signed out, or still on a temporary password, is the same 404 as an unknown record, so
 * guessing learns nothing. Every signed-in role reads every canvas; reviews narrow it further.
 */
export async function pdfReader(what: string): Promise<Actor> {
  const user = await getCurrentUser();
  if (!user || user.mustChangePassword) throw new NotFoundError(what);
  return user;
}

/**
 * A download's name from a VBU's name: letters, digits, spaces and dashes kept (any script),
 * anything else a dash, short enough for every file system. disposition.ts encodes the rest.
 */
export function pdfFilename(...parts: string[]): string {
  const base = parts
    .join(" ")
    .normalize("NFC")
    .replace(/[^\p{L}\p{N} _-]+/gu, "-")
    .replace(/\s+/g, " ")
    .replace(/-{2,}/g, "-")
    .trim()
    .slice(0, 100)
    .trim();
  return `${base || "canvas"}.pdf`;
}
