// The trends tests' history: entries written straight into change_history at chosen times (the
// table refuses updates and deletes, not inserts), in the triggers' shape (drizzle/0011): an
// "added" entry lists its columns as [null, value], a "deleted" one as [value, null].
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeEach } from "vitest";
import { type Engine, getDb } from "../../db/client";
import { changeHistory, type LifecycleLane, type ProofPointStatus } from "../../db/schema";
import type { HistoryAction, HistorySubject } from "../../lib/history/vocabulary";
import { useAppDatabase } from "../support/app-database";
import type { TestDatabase } from "../support/database";

/**
 * The app's database for a test file, emptied of VBUs and history before each test: the trends
 * count the whole history (and the deltas kept from it), so no test may see another's entries. The history refuses TRUNCATE;
 * the reset lifts that refusal for its own statement only (a fresh database per test costs
 * seconds on PGlite). Seeded, it keeps the demo's people to sign in as.
 */
export function useTrendsDatabase(engine: Engine, { seeded = false } = {}): { current: () => TestDatabase } {
  const database = useAppDatabase(engine, { seeded });
  beforeEach(async () => {
    await database.current().db.transaction(async (tx) => {
      await tx.execute(sql`ALTER TABLE change_history DISABLE TRIGGER change_history_no_truncate`);
      await tx.execute(sql`TRUNCATE change_history, trend_deltas, vbus CASCADE`);
      await tx.execute(sql`ALTER TABLE change_history ENABLE TRIGGER change_history_no_truncate`);
    });
  });
  return database;
}

export interface EntrySeed {
  at: string;
  vbuId: string;
  vbuName?: string;
  subject: HistorySubject;
  subjectId?: string;
  action: HistoryAction;
  proofPointId?: string;
  changes: Record<string, [unknown, unknown]>;
  actorName?: string;
}

/** The entries, in one INSERT, in the order given. */
export async function insertEntries(entries: EntrySeed[]): Promise<void> {
  if (entries.length === 0) return;
  await getDb()
    .insert(changeHistory)
    .values(
      entries.map((e) => ({
        at: new Date(e.at),
        actorName: e.actorName ?? "System (tests)",
        vbuId: e.vbuId,
        vbuName: e.vbuName ?? "A VBU",
        subject: e.subject,
        subjectId: e.subjectId ?? e.proofPointId ?? e.vbuId,
        action: e.action,
        proofPointId: e.proofPointId ?? null,
        changes: e.changes,
      })),
    );
}

/** A VBU of the history: its id and name, and entries about it. */
export function historyOf(vbuId: string = randomUUID(), vbuName = `VBU ${vbuId.slice(0, 8)}`) {
  const about = { vbuId, vbuName };
  return {
    vbuId,
    vbuName,
    pointAdded: (pointId: string, at: string, status: ProofPointStatus): EntrySeed => ({
      ...about,
      at,
      subject: "proof_point",
      action: "added",
      proofPointId: pointId,
      changes: { description: [null, "A proof point"], status: [null, status] },
    }),
    statusChanged: (pointId: string, at: string, from: ProofPointStatus, to: ProofPointStatus): EntrySeed => ({
      ...about,
      at,
      subject: "proof_point",
      action: "changed",
      proofPointId: pointId,
      changes: { status: [from, to] },
    }),
    pointEdited: (pointId: string, at: string): EntrySeed => ({
      ...about,
      at,
      subject: "proof_point",
      action: "changed",
      proofPointId: pointId,
      changes: { description: ["Before", "After"] },
    }),
    pointDeleted: (pointId: string, at: string, status: ProofPointStatus): EntrySeed => ({
      ...about,
      at,
      subject: "proof_point",
      action: "deleted",
      proofPointId: pointId,
      changes: { description: ["A proof point", null], status: [status, null] },
    }),
    canvasAdded: (at: string, lane: LifecycleLane, productName: string | null = null): EntrySeed => ({
      ...about,
      at,
      subject: "canvas",
      action: "added",
      changes: { lifecycle_lane: [null, lane], ...(productName ? { product_name: [null, productName] } : {}) },
    }),
    laneMoved: (at: string, from: LifecycleLane, to: LifecycleLane, actorName = "System (tests)"): EntrySeed => ({
      ...about,
      at,
      subject: "canvas",
      action: "changed",
      actorName,
      changes: { lifecycle_lane: [from, to] },
    }),
    canvasDeleted: (at: string, lane: LifecycleLane, productName: string | null = null): EntrySeed => ({
      ...about,
      at,
      subject: "canvas",
      action: "deleted",
      changes: { lifecycle_lane: [lane, null], ...(productName ? { product_name: [productName, null] } : {}) },
    }),
    vbuDeleted: (at: string, gmId: string): EntrySeed => ({
      ...about,
      at,
      subject: "vbu",
      action: "deleted",
      changes: { name: [vbuName, null], gm_id: [gmId, null] },
    }),
  };
}
