import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { getStorage } from "../attachments/storage";

// What /readyz asks before a load balancer sends this instance traffic: PostgreSQL answers a
// trivial query, and the evidence storage can take a file. Each check has its own deadline,
// so a database that accepts connections and never answers makes the probe fail in time
// instead of hanging it (the app's own query deadline, db/client.ts, is 4.5 s).

/** How long each check may take: a load balancer's probe usually times out after 2 to 5 s. */
export const READINESS_DEADLINE_MS = 1_000;

export type ReadinessCheck = "database" | "storage";

/** Resolves true if `check` succeeds within the deadline; never rejects. */
async function passes(check: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), READINESS_DEADLINE_MS);
  });
  // The check goes on after a timeout (the query ends at its own deadline): its failure then
  // has nobody to tell, and is dropped here rather than left unhandled.
  const attempt = Promise.resolve()
    .then(check)
    .then(
      () => true,
      () => false,
    );
  try {
    return await Promise.race([attempt, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The checks that failed, in a fixed order; empty when the instance is ready. */
export async function failingReadinessChecks(): Promise<ReadinessCheck[]> {
  const [database, storage] = await Promise.all([
    passes(() => getDb().execute(sql`select 1`)),
    passes(async () => await getStorage().ready?.()),
  ]);
  return [...(database ? [] : ["database" as const]), ...(storage ? [] : ["storage" as const])];
}
