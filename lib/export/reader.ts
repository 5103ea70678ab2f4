import "server-only";
import type { Actor } from "../auth/roles";
import { getCurrentUser } from "../auth/session";
import { NotFoundError } from "../errors";

/**
 * The signed-in reader of an export (a CSV or XLSX file, a PDF document), on the downloads' terms
 * (lib/attachments/serve.ts): signed out, or still on a temporary password, is the same 404 as an
 * unknown record (`what` names it), so guessing learns nothing. Every signed-in role reads every
 * canvas; reviews narrow it further.
 */
export async function exportReader(what: string): Promise<Actor> {
  const user = await getCurrentUser();
  if (!user || user.mustChangePassword) throw new NotFoundError(what);
  return user;
}
