import "server-only";
import { z } from "../zod";
import type { Actor } from "../auth/roles";
import { getCurrentUser } from "../auth/session";
import { NotFoundError } from "../errors";

// What a download and a thumbnail share: who may read them, and the headers that keep a
// browser from running what it is given.

/**
 * The signed-in reader of an evidence file. Signed out, still on a temporary password (which
 * only lets them choose their own), or a malformed id: the same 404 as an unknown one, so
 * guessing learns nothing.
 */
export async function evidenceReader(id: string): Promise<Actor> {
  const user = await getCurrentUser();
  if (!user || user.mustChangePassword || !z.uuid().safeParse(id).success) {
    throw new NotFoundError("That evidence file");
  }
  return user;
}

/** Served with its stored type and never sniffed; sandboxed in case a browser renders it. */
export const EVIDENCE_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": "sandbox; default-src 'none'",
} as const;
