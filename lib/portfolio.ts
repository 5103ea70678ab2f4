import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { canvases, type LifecycleLane, proofPoints, theses, users, vbus } from "../db/schema";
import type { Actor } from "./auth/roles";
import { LANES } from "./lanes";

export interface PortfolioCard {
  vbuId: string;
  vbuName: string;
  productName: string | null;
  gmName: string;
  /** What the canvas is testing now, in words, or null. */
  currentlyTesting: string | null;
}

export type PortfolioByLane = { lane: LifecycleLane; label: string; blurb: string; cards: PortfolioCard[] }[];

/**
 * Every VBU, grouped into the four lanes in lane order, by name within a lane. One query.
 * Every signed-in role reads the whole portfolio: the actor only proves someone is signed in.
 */
export async function listPortfolioByLane(_actor: Actor): Promise<PortfolioByLane> {
  const rows = await getDb()
    .select({
      vbuId: vbus.id,
      vbuName: vbus.name,
      productName: canvases.productName,
      lane: canvases.lifecycleLane,
      gmName: users.name,
      testingThesis: theses.text,
      testingProofPoint: proofPoints.description,
    })
    .from(vbus)
    .innerJoin(canvases, eq(canvases.vbuId, vbus.id))
    .innerJoin(users, eq(users.id, vbus.gmId))
    .leftJoin(theses, and(eq(canvases.currentlyTestingType, "thesis"), eq(theses.id, canvases.currentlyTestingId)))
    .leftJoin(
      proofPoints,
      and(eq(canvases.currentlyTestingType, "proof_point"), eq(proofPoints.id, canvases.currentlyTestingId)),
    )
    .orderBy(asc(vbus.name));
  return LANES.map(({ lane, label, blurb }) => ({
    lane,
    label,
    blurb,
    cards: rows
      .filter((r) => r.lane === lane)
      .map(({ vbuId, vbuName, productName, gmName, testingThesis, testingProofPoint }) => ({
        vbuId,
        vbuName,
        productName,
        gmName,
        currentlyTesting: testingThesis ?? testingProofPoint ?? null,
      })),
  }));
}
