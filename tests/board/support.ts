// Small factories for the board tests: users and VBUs with canvases, theses and proof points
// written straight into the test's database, so each test states exactly what it counts.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { type Database, getDb } from "../../db/client";
import {
  canvases,
  type LifecycleLane,
  proofPoints,
  type ProofPointStatus,
  theses,
  type UserRole,
  users,
  vbus,
} from "../../db/schema";
import type { Actor } from "../../lib/auth/roles";

export async function insertUser(
  role: UserRole,
  name = `Person ${randomUUID().slice(0, 8)}`,
): Promise<Actor & { name: string; email: string }> {
  const [user] = await getDb()
    .insert(users)
    .values({ name, email: `${randomUUID()}@board.example`, role })
    .returning({ id: users.id, role: users.role, name: users.name, email: users.email });
  return user!;
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

export async function insertVbu(seed: VbuSeed, db: Database = getDb()): Promise<SeededVbu> {
  const name = seed.name ?? `VBU ${randomUUID().slice(0, 8)}`;
  const [vbu] = await db.insert(vbus).values({ name, gmId: seed.gmId }).returning({ id: vbus.id });
  const [canvas] = await db
    .insert(canvases)
    .values({
      vbuId: vbu!.id,
      lifecycleLane: seed.lane ?? "build",
      productName: seed.productName ?? null,
      portfolioNotes: seed.portfolioNotes ?? null,
    })
    .returning({ id: canvases.id });
  const thesisIds: string[] = [];
  const pointIds: string[][] = [];
  for (const [index, points] of (seed.theses ?? []).entries()) {
    const [thesis] = await db
      .insert(theses)
      .values({ canvasId: canvas!.id, order: index + 1, text: `${name} thesis ${index + 1}` })
      .returning({ id: theses.id });
    thesisIds.push(thesis!.id);
    const inserted =
      points.length === 0
        ? []
        : await db
            .insert(proofPoints)
            .values(
              points.map(([status, month], n) => ({
                thesisId: thesis!.id,
                description: `${name} proof ${index + 1}.${n + 1}`,
                status,
                targetReviewMonth: month,
              })),
            )
            .returning({ id: proofPoints.id });
    pointIds.push(inserted.map((p) => p.id));
  }
  if (seed.testing !== undefined) {
    const [type, id] =
      typeof seed.testing === "number"
        ? (["thesis", thesisIds[seed.testing]!] as const)
        : (["proof_point", pointIds[seed.testing[0]]![seed.testing[1]]!] as const);
    await db
      .update(canvases)
      .set({ currentlyTestingType: type, currentlyTestingId: id })
      .where(eq(canvases.id, canvas!.id));
  }
  return { vbuId: vbu!.id, canvasId: canvas!.id, name, thesisIds };
}
