import type { CurrentlyTestingType, LifecycleLane, ProofPointStatus } from "../../db/schema";

// What a published review froze of its canvas (monthly_reviews.snapshot, JSONB). A plain type
// with no database code, so the diff (lib/reviews/diff.ts) and the pages that show it can run
// anywhere. Ids are kept so that a diff matches theses and proof points by identity, not by
// position or text: a thesis moved and edited at once is one thesis.

/** Bumped when the shape changes; a reader of an older snapshot upgrades it. */
export const SNAPSHOT_SCHEMA = 1;

/** The canvas's own text fields, as the diff names and orders them (lib/reviews/vocabulary.ts). */
export interface SnapshotFields {
  productName: string | null;
  successDescription: string | null;
  futureStateIntent: string | null;
  primaryFocus: string | null;
  resistDoing: string | null;
  goodDiscipline: string | null;
  primaryConstraint: string | null;
  portfolioNotes: string | null;
}

export interface SnapshotEvidence {
  id: string;
  filename: string;
  label: string | null;
}

export interface SnapshotProofPoint {
  id: string;
  description: string;
  status: ProofPointStatus;
  evidenceNote: string | null;
  /** YYYY-MM, or null. */
  targetReviewMonth: string | null;
  evidence: SnapshotEvidence[];
}

export interface SnapshotThesis {
  id: string;
  /** 1 to 5, as shown. */
  order: number;
  text: string;
  proofPoints: SnapshotProofPoint[];
}

export interface ReviewSnapshot {
  schema: typeof SNAPSHOT_SCHEMA;
  vbuName: string;
  gmName: string;
  lane: LifecycleLane;
  fields: SnapshotFields;
  /** In order. */
  theses: SnapshotThesis[];
  currentlyTesting: { type: CurrentlyTestingType; id: string; label: string } | null;
}
