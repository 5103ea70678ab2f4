// The change history's words, for the server and the browser alike (no runtime imports). The
// database triggers (drizzle/0011_change_history_triggers.sql) write entries in these terms:
// a subject, an action, and { column: [before, after] } of the columns that changed.

/** What an entry is about, as the triggers name it. */
export const HISTORY_SUBJECTS = {
  vbu: "VBU",
  canvas: "Canvas",
  thesis: "Thesis",
  proof_point: "Proof point",
  evidence: "Evidence",
  review: "Monthly review",
} as const;
export type HistorySubject = keyof typeof HISTORY_SUBJECTS;

export const HISTORY_ACTIONS = ["added", "changed", "deleted"] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

/** The recorded columns, in words ("Ana Silva changed Primary focus"). */
export const HISTORY_FIELD_LABELS: Readonly<Record<string, string>> = {
  name: "Name",
  gm_id: "GM",
  product_name: "Product name",
  lifecycle_lane: "Lifecycle lane",
  success_description: "Success description",
  future_state_intent: "Future state intent",
  primary_focus: "Primary focus",
  resist_doing: "Resist doing",
  good_discipline: "Good discipline",
  primary_constraint: "Primary constraint",
  portfolio_notes: "Portfolio notes",
  currently_testing_type: "Currently testing",
  currently_testing_id: "Currently testing",
  order: "Position",
  text: "Text",
  thesis_id: "Thesis",
  description: "Description",
  status: "Status",
  evidence_note: "Evidence note",
  target_review_month: "Target review month",
  filename: "File name",
  label: "Label",
  health: "Health",
  acknowledged_at: "Acknowledgement",
  acknowledgement_comment: "Acknowledgement comment",
  month: "Month",
};

/** One change as stored: the column's value before and after (null when added or deleted). */
export type ColumnChange = [unknown, unknown];
export type EntryChanges = Record<string, ColumnChange>;

/** A card is stale when neither its canvas nor its proof points changed for this long. */
export const STALE_AFTER_DAYS = 60;
export const STALE_LABEL = "Stale";
