import { sql, type SQLWrapper } from "drizzle-orm";
import type { Actor } from "../auth/roles";

// The change history is written by database triggers (drizzle/0011_change_history_triggers.sql),
// which take the acting user from the transaction-local setting canvas.actor: every transaction
// that changes a canvas sets it first, and the database refuses a change without it (CV001).
// Scripts act as a named system actor. No server-only here: the seed and the scripts use it too.

/** A script's name in the history: "System (seed)". */
export type SystemActor = `system:${string}`;

export const SEED_ACTOR: SystemActor = "system:seed";

interface Executes {
  execute(query: SQLWrapper | string): Promise<unknown>;
}

/** Makes `actor` the acting user of the rest of this transaction (and of no other). */
export async function actAs(tx: Executes, actor: Actor | SystemActor): Promise<void> {
  const value = typeof actor === "string" ? actor : actor.id;
  await tx.execute(sql`SELECT set_config('canvas.actor', ${value}, true)`);
}

/** The SQLSTATE the database answers a change without an acting user with. */
export const NO_ACTOR_SQLSTATE = "CV001";
/** …and any attempt to edit or delete the history. */
export const HISTORY_IS_APPEND_ONLY_SQLSTATE = "CV002";
