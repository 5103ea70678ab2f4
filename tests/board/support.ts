// The board tests' seeds: users and VBUs with canvases, theses and proof points, built with the
// shared factories (tests/factories.ts), so each test states exactly what it counts.
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { type Database, getDb } from "../../db/client";
import {
  canvases,
  changeHistory,
  type LifecycleLane,
  type ProofPointStatus,
  type ReviewHealth,
  type UserRole,
} from "../../db/schema";
import type { Actor } from "../../lib/auth/roles";
import {
  createPerson,
  createProofPoint,
  createReview,
  createThesis,
  createVbu,
  setCurrentlyTesting,
  uniqueTag,
} from "../factories";

/** A person of this role (tests/factories.ts createPerson), as an actor with their name and email. */
export async function insertUser(
  role: UserRole,
  name = `Person ${uniqueTag()}`,
): Promise<Actor & { name: string; email: string }> {
  const { id, email } = await createPerson(getDb(), { role, name });
  return { id, role, name, email };
}

/** A proof point: its status and its target review month (YYYY-MM-01), or none. */
export type PointSeed = [ProofPointStatus, string | null];

export interface VbuSeed {
  name?: string;
  gmId: string;
  lane?: LifecycleLane;
  productName?: string | null;
  portfolioNotes?: string | null;
  /** One array of proof points per thesis. */
  theses?: PointSeed[][];
  /** What the canvas tests: a thesis index, or [thesis index, proof point index]. */
  testing?: number | [number, number];
}

export interface SeededVbu {
  vbuId: string;
  canvasId: string;
  name: string;
  thesisIds: string[];
}

/** A VBU with its canvas, theses and proof points as seeded, built with tests/factories.ts. */
export async function insertVbu(seed: VbuSeed, db: Database = getDb()): Promise<SeededVbu> {
  const { vbuId, canvasId, name } = await createVbu(db, {
    name: seed.name,
    gmId: seed.gmId,
    lane: seed.lane,
    canvas: { productName: seed.productName ?? null, portfolioNotes: seed.portfolioNotes ?? null },
  });
  const thesisIds: string[] = [];
  const pointIds: string[][] = [];
  for (const [index, points] of (seed.theses ?? []).entries()) {
    const thesis = await createThesis(db, { canvasId, order: index + 1, text: `${name} thesis ${index + 1}` });
    thesisIds.push(thesis.id);
    const inserted: string[] = [];
    for (const [n, [status, month]] of points.entries()) {
      const point = await createProofPoint(db, {
        thesisId: thesis.id,
        description: `${name} proof ${index + 1}.${n + 1}`,
        status,
        targetReviewMonth: month,
      });
      inserted.push(point.id);
    }
    pointIds.push(inserted);
  }
  if (seed.testing !== undefined) {
    const [type, id] =
      typeof seed.testing === "number"
        ? (["thesis", thesisIds[seed.testing]!] as const)
        : (["proof_point", pointIds[seed.testing[0]]![seed.testing[1]]!] as const);
    await setCurrentlyTesting(db, canvasId, type, id);
  }
  return { vbuId, canvasId, name, thesisIds };
}

/** A VBU's review of a month (YYYY-MM-01): a draft, or published with this health call. */
export async function insertReview(vbuId: string, month: string, as: "draft" | ReviewHealth): Promise<void> {
  await createReview(
    getDb(),
    as === "draft"
      ? { vbuId, month }
      : // The board reads the status and the health: any JSON stands for the snapshot (lib/reviews writes the real one).
        { vbuId, month, status: "published", health: as, snapshot: { schema: 1 } as never, publishedAt: new Date() },
  );
}

/** A change history entry as the triggers would write it (drizzle/0011), at a chosen time. */
export interface HistorySeed {
  at: Date;
  subject: "vbu" | "canvas" | "thesis" | "proof_point" | "evidence" | "review";
  action?: "added" | "changed" | "deleted";
  changes: Record<string, [unknown, unknown]>;
}

/**
 * Entries for a VBU written directly (history is append-only: tests add, never rewrite), in
 * order, each after every entry before it: the board reads a VBU's latest by id.
 */
export async function insertHistory(vbuId: string, ...entries: HistorySeed[]): Promise<void> {
  for (const { at, subject, action = "changed", changes } of entries) {
    await getDb().insert(changeHistory).values({
      at,
      actorName: "System (tests)",
      vbuId,
      vbuName: "As named then",
      subject,
      subjectId: randomUUID(),
      action,
      changes,
    });
  }
}

/** A lane move as the history records it. */
export const laneMove = (at: Date, from: LifecycleLane, to: LifecycleLane): HistorySeed => ({
  at,
  subject: "canvas",
  changes: { lifecycle_lane: [from, to] },
});

/**
 * A VBU from before the change history existed: written with the triggers off (as a replica
 * would), so it has no entries at all, its canvas created and last updated at the given times.
 */
export async function insertVbuWithoutHistory(
  seed: VbuSeed,
  { createdAt, updatedAt }: { createdAt: Date; updatedAt: Date },
): Promise<SeededVbu> {
  return getDb().transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL session_replication_role = replica`);
    const seeded = await insertVbu(seed, tx);
    await tx.update(canvases).set({ createdAt, updatedAt }).where(eq(canvases.id, seeded.canvasId));
    // Its board card, as drizzle/0016 made one for each canvas from before it.
    await tx.execute(sql`SET LOCAL session_replication_role = origin`);
    await tx.execute(sql`SELECT board_cards_add(ARRAY[${seeded.canvasId}]::uuid[])`);
    return seeded;
  });
}
