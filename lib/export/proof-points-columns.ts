// The proof point export's row and columns, in one place for the CSV, the workbook and the export
// page that names them. No server-only here.

/** One proof point as exported: words as the app shows them, numbers, dates and a flag. */
export interface ProofPointExportRow {
  vbu: string;
  /** The lane's label ("Sell"). */
  lane: string;
  gm: string;
  /** The thesis's position on its canvas, 1 to 5. */
  thesisNumber: number;
  thesis: string;
  proofPoint: string;
  /** The status's label ("In progress"). */
  status: string;
  /** YYYY-MM, or null when it has none. */
  targetReviewMonth: string | null;
  /** The app's overdue rule (lib/canvas/vocabulary.ts isOverdue) at the time of the export. */
  overdue: boolean;
  evidenceFiles: number;
  lastChangedAt: Date;
  /** Who made the last change, as the change history names them; null when it cannot say. */
  lastChangedBy: string | null;
}

export type ProofPointColumnKind = "text" | "number" | "month" | "flag" | "time";

/** The columns in order: their heading, and what kind of value each holds. */
export const PROOF_POINT_COLUMNS: readonly {
  key: keyof ProofPointExportRow;
  header: string;
  kind: ProofPointColumnKind;
}[] = [
  { key: "vbu", header: "VBU", kind: "text" },
  { key: "lane", header: "Lane", kind: "text" },
  { key: "gm", header: "GM", kind: "text" },
  { key: "thesisNumber", header: "Thesis", kind: "number" },
  { key: "thesis", header: "Thesis text", kind: "text" },
  { key: "proofPoint", header: "Proof point", kind: "text" },
  { key: "status", header: "Status", kind: "text" },
  { key: "targetReviewMonth", header: "Target review month", kind: "month" },
  { key: "overdue", header: "Overdue for review", kind: "flag" },
  { key: "evidenceFiles", header: "Evidence files", kind: "number" },
  { key: "lastChangedAt", header: "Last changed at (UTC)", kind: "time" },
  { key: "lastChangedBy", header: "Last changed by", kind: "text" },
];

/** A flag in words, in the CSV (the workbook holds a real boolean). */
export const FLAG_WORDS = { true: "Yes", false: "No" } as const;

/** The files' names: the export's date makes each download its own. */
export const proofPointsFilename = (now: Date, extension: "csv" | "xlsx") =>
  `proof-points-${now.toISOString().slice(0, 10)}.${extension}`;
