import type { SnapshotFields } from "./snapshot";

// The snapshot's text fields in the canvas's order, for code that must not load the canvas
// schemas (lib/canvas/schemas.ts imports zod and the database schema at run time). The labels
// stay there, in CANVAS_FIELD_LABELS, for the server-rendered pages; tests/reviews/diff.test.ts
// holds this list to CANVAS_FIELDS and to every key of SnapshotFields, so they cannot drift.

export type SnapshotFieldName = keyof SnapshotFields;

/** CANVAS_FIELDS without the lane, which a review reports on its own. */
export const SNAPSHOT_FIELDS = [
  "productName",
  "successDescription",
  "futureStateIntent",
  "primaryFocus",
  "resistDoing",
  "goodDiscipline",
  "primaryConstraint",
  "portfolioNotes",
] as const satisfies readonly SnapshotFieldName[];
