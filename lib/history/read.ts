import "server-only";
import { alias } from "drizzle-orm/pg-core";
import { and, asc, desc, eq, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "../zod";
import { type Database, getDb } from "../../db/client";
import {
  attachments,
  canvases,
  changeHistory,
  type LifecycleLane,
  proofPoints,
  type ProofPointStatus,
  type ReviewHealth,
  type ReviewStatus,
  theses,
  users,
  vbus,
} from "../../db/schema";
import { type Actor, isAdmin } from "../auth/roles";
import { laneLabel, PROOF_POINT_STATUS_LABELS } from "../canvas/vocabulary";
import { formatReviewMonth } from "../dates";
import { ForbiddenError, NotFoundError } from "../errors";
import { textChange, type WordPart } from "../reviews/diff";
import { REVIEW_HEALTH_LABELS, REVIEW_STATUS_LABELS } from "../reviews/vocabulary";
import { type EntryChanges, HISTORY_FIELD_LABELS, type HistoryAction, type HistorySubject } from "./vocabulary";

// Reading the change history (issue 15): a VBU's entries, newest first, a page at a time by
// keyset on (vbu_id, id) so the 10,000th entry costs what the 10th does, turned into sentences
// ("Ana Silva changed Primary focus") with the values in words. Everyone who reads a canvas reads
// its history; a deleted VBU's history stays readable by admins, under the name it last had.
// A page costs the same few queries whatever it holds (run side by side).

/** Entries on one page of the history page. */
export const HISTORY_PAGE_SIZE = 50;
/** Entries in the canvas page's History section. */
export const LATEST_HISTORY_COUNT = 5;

// ---------------------------------------------------------------------------- filters

/** The columns one may filter by: every recorded one but the halves shown with another. */
const FILTERABLE_FIELDS = Object.keys(HISTORY_FIELD_LABELS).filter(
  (field) => field !== "currently_testing_type" && field !== "month",
);

export interface HistoryFilters {
  /** A recorded column (snake_case): entries that changed it. */
  field?: string;
  /** A thesis's entries, its proof points' and their evidence's. */
  thesisId?: string;
  /** A proof point's entries and its evidence's. */
  proofPointId?: string;
  /** The person who made the change. */
  actorId?: string;
}

const first = (value: unknown): unknown => (Array.isArray(value) ? (value as unknown[])[0] : value);
const ignoredIfBad = <T extends z.ZodType>(schema: T) => z.preprocess(first, schema.optional()).catch(undefined);

/** The page's query parameters; anything unknown or malformed is ignored, never an error. */
const historyParamsSchema = z.object({
  field: ignoredIfBad(z.enum(FILTERABLE_FIELDS as [string, ...string[]])),
  thesis: ignoredIfBad(z.uuid()),
  point: ignoredIfBad(z.uuid()),
  person: ignoredIfBad(z.uuid()),
  before: ignoredIfBad(z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)),
});

export type HistoryParams = Record<string, string | string[] | undefined>;

/** The filters and cursor in these query parameters (what is not understood is left out). */
export function parseHistoryParams(params: unknown): { filters: HistoryFilters; cursor: number | null } {
  const parsed = historyParamsSchema.safeParse(params ?? {});
  const p = parsed.success ? parsed.data : {};
  const filters: HistoryFilters = {};
  if (p.field) filters.field = p.field;
  if (p.thesis) filters.thesisId = p.thesis;
  if (p.point) filters.proofPointId = p.point;
  if (p.person) filters.actorId = p.person;
  return { filters, cursor: p.before ?? null };
}

// ---------------------------------------------------------------------------- the query

/**
 * One page of a VBU's entries, newest first, built and not run: those older than `cursor` (an
 * entry's id; null for the newest), at most `limit`, through ix_change_history_vbu (vbu_id, id).
 * The GM named by a gm_id change comes joined by its current name. The bench times its SQL.
 */
export function historyPageQuery(
  db: Pick<Database, "select">,
  vbuId: string,
  filters: HistoryFilters,
  cursor: number | null,
  limit: number,
) {
  const gmBefore = alias(users, "gm_before");
  const gmAfter = alias(users, "gm_after");
  const conditions: (SQL | undefined)[] = [eq(changeHistory.vbuId, vbuId)];
  if (cursor !== null) conditions.push(lt(changeHistory.id, cursor));
  if (filters.field) conditions.push(sql`${changeHistory.changes} ? ${filters.field}`);
  if (filters.thesisId) {
    // Its own entries and its proof points' carry its id (a point moved away, as its old thesis);
    // their evidence's entries carry their proof point's.
    const itsPoints = alias(changeHistory, "its_points");
    conditions.push(
      or(
        eq(changeHistory.thesisId, filters.thesisId),
        eq(changeHistory.subjectId, filters.thesisId),
        sql`${changeHistory.changes} -> 'thesis_id' ->> 0 = ${filters.thesisId}`, // a proof point moved out
        and(
          eq(changeHistory.subject, "evidence"),
          inArray(
            changeHistory.proofPointId,
            db
              .select({ id: itsPoints.subjectId })
              .from(itsPoints)
              .where(
                and(
                  eq(itsPoints.vbuId, vbuId),
                  eq(itsPoints.thesisId, filters.thesisId),
                  eq(itsPoints.subject, "proof_point"),
                ),
              ),
          ),
        ),
      ),
    );
  }
  if (filters.proofPointId) conditions.push(eq(changeHistory.proofPointId, filters.proofPointId));
  if (filters.actorId) conditions.push(eq(changeHistory.actorId, filters.actorId));
  return db
    .select({
      id: changeHistory.id,
      at: changeHistory.at,
      actorId: changeHistory.actorId,
      actorName: changeHistory.actorName,
      subject: changeHistory.subject,
      subjectId: changeHistory.subjectId,
      action: changeHistory.action,
      thesisId: changeHistory.thesisId,
      proofPointId: changeHistory.proofPointId,
      changes: changeHistory.changes,
      gmBeforeName: gmBefore.name,
      gmAfterName: gmAfter.name,
    })
    .from(changeHistory)
    .leftJoin(gmBefore, sql`${gmBefore.id}::text = ${changeHistory.changes} -> 'gm_id' ->> 0`)
    .leftJoin(gmAfter, sql`${gmAfter.id}::text = ${changeHistory.changes} -> 'gm_id' ->> 1`)
    .where(and(...conditions))
    .orderBy(desc(changeHistory.id))
    .limit(limit);
}

type EntryRow = Awaited<ReturnType<typeof historyPageQuery>>[number];

// ---------------------------------------------------------------------------- the view

/** A line under a sentence: edited text with its words marked, or a value before and after. */
export type HistoryDetail =
  | { kind: "words"; label: string; change: "written" | "edited" | "cleared"; words: WordPart[] }
  | { kind: "values"; label: string; before: string; after: string };

/** One entry, ready to show: "{who} {verb} {what}", then its details. */
export interface HistoryEntryView {
  id: number;
  /** ISO timestamp. */
  at: string;
  who: string;
  actorId: string | null;
  subject: HistorySubject;
  action: HistoryAction;
  verb: string;
  what: string;
  details: HistoryDetail[];
}

export interface HistoryDay {
  /** YYYY-MM-DD (UTC). */
  day: string;
  entries: HistoryEntryView[];
}

export interface HistoryChoice {
  value: string;
  label: string;
}

export interface StatusPeriod {
  status: ProofPointStatus;
  label: string;
  /** ISO timestamp; null when it had this status before the history began. */
  since: string | null;
  /** ISO timestamp; null while it still has it. */
  until: string | null;
  /** Whole days spent in it (until now for the current one); null when `since` is unknown. */
  days: number | null;
}

export interface ProofPointStatusHistory {
  /** Oldest first; the last is the current status (unless the proof point was deleted). */
  periods: StatusPeriod[];
  /** Whole days spent in each status, over all its periods with a known start. */
  totals: Partial<Record<ProofPointStatus, number>>;
}

export interface HistoryPage {
  vbu: { id: string; name: string; deleted: boolean };
  filters: HistoryFilters;
  /** The day groups, newest first. */
  days: HistoryDay[];
  /** The id to ask for older entries with (?before=), or null on the last page. */
  nextCursor: number | null;
  choices: {
    fields: HistoryChoice[];
    theses: HistoryChoice[];
    proofPoints: HistoryChoice[];
    people: HistoryChoice[];
  };
  /** When filtered by a proof point: its status history. */
  statusHistory: ProofPointStatusHistory | null;
}

/** What the sentences name things by: the canvas's theses, proof points and evidence now. */
interface Names {
  theses: Map<string, { order: number; text: string }>;
  points: Map<string, { description: string; thesisId: string }>;
  evidence: Map<string, string>;
}

export function namesQuery(db: Pick<Database, "select">, vbuId: string) {
  return db
    .select({
      thesisId: theses.id,
      order: theses.order,
      text: theses.text,
      pointId: proofPoints.id,
      description: proofPoints.description,
      attachmentId: attachments.id,
      filename: attachments.filename,
    })
    .from(canvases)
    .innerJoin(theses, eq(theses.canvasId, canvases.id))
    .leftJoin(proofPoints, eq(proofPoints.thesisId, theses.id))
    .leftJoin(attachments, eq(attachments.proofPointId, proofPoints.id))
    .where(eq(canvases.vbuId, vbuId))
    .orderBy(asc(theses.order), asc(proofPoints.createdAt), asc(proofPoints.addedSeq));
}

function toNames(rows: Awaited<ReturnType<typeof namesQuery>>): Names {
  const names: Names = { theses: new Map(), points: new Map(), evidence: new Map() };
  for (const row of rows) {
    names.theses.set(row.thesisId, { order: row.order, text: row.text });
    if (row.pointId && row.description !== null) {
      names.points.set(row.pointId, { description: row.description, thesisId: row.thesisId });
    }
    if (row.attachmentId && row.filename !== null) names.evidence.set(row.attachmentId, row.filename);
  }
  return names;
}

const quote = (text: string) => `“${text}”`;
/** A recorded JSON value as text: strings as they are, numbers and the rest as JSON. */
const str = (value: unknown): string | null =>
  value === null || value === undefined ? null : typeof value === "string" ? value : JSON.stringify(value);

/** "A, B and C". */
function listWords(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

const TEXT_COLUMNS = new Set([
  "product_name",
  "success_description",
  "future_state_intent",
  "primary_focus",
  "resist_doing",
  "good_discipline",
  "primary_constraint",
  "portfolio_notes",
  "text",
  "description",
  "evidence_note",
  "acknowledgement_comment",
]);

const NONE = "none";

/** A recorded value in words, as the column means it. */
function valueWords(column: string, value: unknown, row: EntryRow, names: Names, side: 0 | 1): string {
  const v = str(value);
  if (v === null) return NONE;
  switch (column) {
    case "lifecycle_lane":
      return laneLabel(v as LifecycleLane);
    case "status":
      return row.subject === "review"
        ? (REVIEW_STATUS_LABELS[v as ReviewStatus] ?? v)
        : (PROOF_POINT_STATUS_LABELS[v as ProofPointStatus] ?? v);
    case "health":
      return REVIEW_HEALTH_LABELS[v as ReviewHealth] ?? v;
    case "target_review_month":
    case "month":
      return formatReviewMonth(v.slice(0, 7));
    case "thesis_id":
      return thesisRef(v, names);
    case "gm_id":
      return (side === 0 ? row.gmBeforeName : row.gmAfterName) ?? v;
    case "acknowledged_at":
      return v.slice(0, 10);
    case "currently_testing_id":
      return testingWords(v, names);
    default:
      return v;
  }
}

/** "thesis 2", by the thesis's position now; "a deleted thesis" when it is gone. */
function thesisRef(id: string | null, names: Names): string {
  if (!id) return "a deleted thesis";
  const thesis = names.theses.get(id);
  return thesis ? `thesis ${thesis.order}` : "a deleted thesis";
}

function testingWords(id: string, names: Names): string {
  const thesis = names.theses.get(id);
  if (thesis) return `thesis ${thesis.order}: ${thesis.text}`;
  const point = names.points.get(id);
  if (point) return `proof point ${quote(point.description)} of ${thesisRef(point.thesisId, names)}`;
  return "something since deleted";
}

/** Before and after, of each column in order: words for text, values for the rest. */
function detailsOf(row: EntryRow, names: Names, columns: string[]): HistoryDetail[] {
  const changes = row.changes as EntryChanges;
  const details: HistoryDetail[] = [];
  for (const column of columns) {
    const change = changes[column];
    if (!change) continue;
    const label = HISTORY_FIELD_LABELS[column] ?? column;
    if (TEXT_COLUMNS.has(column)) {
      const text = textChange(str(change[0]), str(change[1]));
      if (text) details.push({ kind: "words", label, ...text });
    } else {
      details.push({
        kind: "values",
        label,
        before: valueWords(column, change[0], row, names, 0),
        after: valueWords(column, change[1], row, names, 1),
      });
    }
  }
  return details;
}

/** A recorded text of the entry (after, else before), or what the canvas calls it now. */
function recorded(row: EntryRow, column: string): string | null {
  const change = (row.changes as EntryChanges)[column];
  return change ? (str(change[1]) ?? str(change[0])) : null;
}

function describe(row: EntryRow, names: Names): Omit<HistoryEntryView, "id" | "at" | "who" | "actorId"> {
  const subject = row.subject as HistorySubject;
  const action = row.action as HistoryAction;
  const changes = row.changes as EntryChanges;
  const columns = Object.keys(changes);
  const base = { subject, action };
  const sentence = (verb: string, what: string, details: HistoryDetail[] = []) => ({ ...base, verb, what, details });
  switch (subject) {
    case "vbu": {
      const name = recorded(row, "name") ?? "";
      if (action === "added") return sentence("created", `the VBU ${quote(name)}`);
      if (action === "deleted") return sentence("deleted", `the VBU ${quote(name)}`);
      const what = listWords(columns.map((c) => (c === "name" ? "the VBU’s name" : "the GM")));
      return sentence("changed", what, detailsOf(row, names, ["name", "gm_id"]));
    }
    case "canvas": {
      if (action !== "changed") return sentence(action, "the canvas");
      const shown = columns.filter((c) => c !== "currently_testing_type" || !changes.currently_testing_id);
      const labels = [...new Set(shown.filter((c) => c !== "lifecycle_lane").map((c) => HISTORY_FIELD_LABELS[c] ?? c))];
      const lane = changes.lifecycle_lane;
      const details = detailsOf(row, names, shown);
      if (lane && labels.length === 0) {
        return sentence("moved", `the VBU to ${laneLabel(String(lane[1]) as LifecycleLane)}`, details);
      }
      const fields = lane ? [HISTORY_FIELD_LABELS.lifecycle_lane!, ...labels] : labels;
      return sentence("changed", listWords(fields), details);
    }
    case "thesis": {
      const order = changes.order ? str(changes.order[action === "deleted" ? 0 : 1]) : null;
      const number = order ?? String(names.theses.get(row.subjectId)?.order ?? "");
      const thesis = number ? `thesis ${number}` : "a deleted thesis";
      const text = recorded(row, "text") ?? names.theses.get(row.subjectId)?.text ?? null;
      if (action === "added") return sentence("added", thesis, detailsOf(row, names, ["text"]));
      if (action === "deleted") return sentence("deleted", thesis, detailsOf(row, names, ["text"]));
      if (columns.length === 1 && changes.order) {
        const before = str(changes.order[0]);
        return sentence("moved", `${text ? `thesis ${quote(text)}` : thesis} from position ${before} to ${order}`);
      }
      return sentence("changed", thesis, detailsOf(row, names, ["text", "order"]));
    }
    case "proof_point": {
      const description = recorded(row, "description") ?? names.points.get(row.subjectId)?.description;
      const point = description ? `proof point ${quote(description)}` : "a deleted proof point";
      const thesis = thesisRef(row.thesisId, names);
      if (action === "added") {
        return sentence("added", `${point} to ${thesis}`, detailsOf(row, names, ["status", "target_review_month"]));
      }
      if (action === "deleted") return sentence("deleted", `${point} from ${thesis}`);
      if (columns.length === 1 && changes.thesis_id) {
        return sentence("moved", `${point} to ${thesisRef(str(changes.thesis_id[1]), names)}`);
      }
      return sentence(
        "changed",
        point,
        detailsOf(row, names, ["status", "description", "evidence_note", "target_review_month", "thesis_id"]),
      );
    }
    case "evidence": {
      const filename = recorded(row, "filename") ?? names.evidence.get(row.subjectId) ?? "a file";
      const pointName = row.proofPointId ? names.points.get(row.proofPointId)?.description : undefined;
      const where = pointName ? quote(pointName) : "a deleted proof point";
      if (action === "added") return sentence("added", `evidence ${quote(filename)} to ${where}`);
      if (action === "deleted") return sentence("deleted", `evidence ${quote(filename)} from ${where}`);
      return sentence("changed", `evidence ${quote(filename)}`, detailsOf(row, names, ["filename", "label"]));
    }
    case "review": {
      const month = changes.month ? formatReviewMonth(String(changes.month[1]).slice(0, 7)) : "a";
      const review = `the ${month} review`;
      if (changes.status && changes.status[1] === "published") {
        return sentence("published", review, detailsOf(row, names, ["health"]));
      }
      if (changes.acknowledged_at) {
        return sentence("acknowledged", review, detailsOf(row, names, ["acknowledgement_comment"]));
      }
      return sentence(
        "changed",
        review,
        detailsOf(
          row,
          names,
          columns.filter((c) => c !== "month"),
        ),
      );
    }
    default:
      return sentence(action, HISTORY_FIELD_LABELS[subject] ?? subject);
  }
}

function toEntryView(row: EntryRow, names: Names): HistoryEntryView {
  return {
    id: row.id,
    at: row.at.toISOString(),
    who: row.actorName,
    actorId: row.actorId,
    ...describe(row, names),
  };
}

/** Entries (newest first) grouped by their UTC day, newest day first. */
function byDay(entries: HistoryEntryView[]): HistoryDay[] {
  const days: HistoryDay[] = [];
  for (const entry of entries) {
    const day = entry.at.slice(0, 10);
    if (days.at(-1)?.day !== day) days.push({ day, entries: [] });
    days.at(-1)!.entries.push(entry);
  }
  return days;
}

// ---------------------------------------------------------------------------- reads

/** The VBU's name now, and the name its history last recorded (what a deleted VBU is read under). */
async function vbuNames(db: Pick<Database, "select">, vbuId: string) {
  const [[live], [recorded]] = await Promise.all([
    db.select({ name: vbus.name }).from(vbus).where(eq(vbus.id, vbuId)),
    db
      .select({ name: changeHistory.vbuName })
      .from(changeHistory)
      .where(eq(changeHistory.vbuId, vbuId))
      .orderBy(desc(changeHistory.id))
      .limit(1),
  ]);
  return { live: live?.name ?? null, recorded: recorded?.name ?? null };
}

/** The columns each subject's entries record (drizzle/0011_change_history_triggers.sql). */
const SUBJECT_FIELDS: Readonly<Record<HistorySubject, readonly string[]>> = {
  vbu: ["name", "gm_id"],
  canvas: [
    "product_name",
    "lifecycle_lane",
    "success_description",
    "future_state_intent",
    "primary_focus",
    "resist_doing",
    "good_discipline",
    "primary_constraint",
    "portfolio_notes",
    "currently_testing_id",
  ],
  thesis: ["order", "text"],
  proof_point: ["thesis_id", "description", "status", "evidence_note", "target_review_month"],
  evidence: ["filename", "label"],
  review: ["status", "health", "acknowledged_at", "acknowledgement_comment"],
};

/**
 * The filter choices in one pass over the VBU's entries, grouped by subject and person: which
 * kinds of things changed (whose fields are offered: a grouping on a short column, much cheaper
 * than the keys of every entry's JSON) and who changed them, by their current name.
 */
export function facetsQuery(db: Pick<Database, "select">, vbuId: string) {
  return db
    .select({
      subject: changeHistory.subject,
      actorId: changeHistory.actorId,
      name: sql<string>`coalesce(max(${users.name}), max(${changeHistory.actorName}))`,
    })
    .from(changeHistory)
    .leftJoin(users, eq(users.id, changeHistory.actorId))
    .where(eq(changeHistory.vbuId, vbuId))
    .groupBy(changeHistory.subject, changeHistory.actorId);
}

function choicesOf(facets: Awaited<ReturnType<typeof facetsQuery>>, labels: Names): HistoryPage["choices"] {
  const fields = new Set(facets.flatMap((f) => SUBJECT_FIELDS[f.subject as HistorySubject] ?? []));
  const people = new Map<string, string>();
  for (const f of facets) if (f.actorId) people.set(f.actorId, f.name);
  return {
    fields: FILTERABLE_FIELDS.filter((f) => fields.has(f))
      .map((f) => ({ value: f, label: HISTORY_FIELD_LABELS[f]! }))
      .sort((a, b) => a.label.localeCompare(b.label)),
    theses: [...labels.theses].map(([id, t]) => ({ value: id, label: `Thesis ${t.order}: ${t.text}` })),
    proofPoints: [...labels.points].map(([id, p]) => ({
      value: id,
      label: `${p.description} (${thesisRef(p.thesisId, labels)})`,
    })),
    people: [...people]
      .map(([value, label]) => ({ value, label }))
      .sort((a, b) => a.label.localeCompare(b.label) || a.value.localeCompare(b.value)),
  };
}

/**
 * A page of a VBU's history for this actor: the filters and cursor come from the page's query
 * parameters (anything not understood is ignored). Everyone who may read the canvas may read its
 * history; a deleted VBU's, only admins (others get NotFoundError, as for a VBU that never was).
 */
export async function getHistory(
  actor: Actor,
  vbuId: string,
  params: unknown,
  now: Date,
  { pageSize = HISTORY_PAGE_SIZE }: { pageSize?: number } = {},
): Promise<HistoryPage> {
  const db = getDb();
  const { filters, cursor } = parseHistoryParams(params);
  const [names, rows, nameRows, facets, statusHistory] = await Promise.all([
    vbuNames(db, vbuId),
    historyPageQuery(db, vbuId, filters, cursor, pageSize + 1),
    namesQuery(db, vbuId),
    facetsQuery(db, vbuId),
    filters.proofPointId ? proofPointStatusHistory(db, filters.proofPointId, now, vbuId) : null,
  ]);
  const deleted = names.live === null;
  const name = names.live ?? names.recorded;
  if (name === null || (deleted && !isAdmin(actor))) throw new NotFoundError("That VBU");
  const labels = toNames(nameRows);
  const page = rows.slice(0, pageSize);
  return {
    vbu: { id: vbuId, name, deleted },
    filters,
    days: byDay(page.map((row) => toEntryView(row, labels))),
    nextCursor: rows.length > pageSize ? page.at(-1)!.id : null,
    choices: choicesOf(facets, labels),
    statusHistory,
  };
}

/**
 * The latest entries of a VBU's history, for the canvas page's History section (which has
 * already found the VBU and its reader): two queries side by side.
 */
export async function getLatestHistory(vbuId: string, count = LATEST_HISTORY_COUNT): Promise<HistoryEntryView[]> {
  const db = getDb();
  const [rows, nameRows] = await Promise.all([historyPageQuery(db, vbuId, {}, null, count), namesQuery(db, vbuId)]);
  const labels = toNames(nameRows);
  return rows.map((row) => toEntryView(row, labels));
}

const DAY_MS = 24 * 60 * 60 * 1000;
const wholeDays = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / DAY_MS);

/**
 * A proof point's statuses, oldest first: since when it had each and for how many whole days
 * (the current one until `now`), from its history alone (so a deleted one's too). `vbuId`, when
 * given, keeps it to that VBU's entries.
 */
export async function proofPointStatusHistory(
  db: Pick<Database, "select">,
  proofPointId: string,
  now: Date,
  vbuId?: string,
): Promise<ProofPointStatusHistory> {
  const rows = await db
    .select({ at: changeHistory.at, action: changeHistory.action, changes: changeHistory.changes })
    .from(changeHistory)
    .where(
      and(
        eq(changeHistory.proofPointId, proofPointId),
        eq(changeHistory.subject, "proof_point"),
        vbuId ? eq(changeHistory.vbuId, vbuId) : undefined,
        or(sql`${changeHistory.changes} ? 'status'`, eq(changeHistory.action, "deleted")),
      ),
    )
    .orderBy(asc(changeHistory.id));
  const periods: StatusPeriod[] = [];
  const close = (until: Date) => {
    const open = periods.at(-1);
    if (!open || open.until !== null) return;
    open.until = until.toISOString();
    open.days = open.since === null ? null : wholeDays(new Date(open.since), until);
  };
  for (const row of rows) {
    if (row.action === "deleted") {
      close(row.at);
      continue;
    }
    const change = (row.changes as EntryChanges).status;
    if (!change) continue;
    const [before, after] = change as [ProofPointStatus | null, ProofPointStatus | null];
    if (periods.length === 0 && before !== null) {
      // It had a status before its history began: since when is not known.
      periods.push({ status: before, label: PROOF_POINT_STATUS_LABELS[before], since: null, until: null, days: null });
    }
    close(row.at);
    if (after !== null) {
      periods.push({
        status: after,
        label: PROOF_POINT_STATUS_LABELS[after],
        since: row.at.toISOString(),
        until: null,
        days: null,
      });
    }
  }
  const current = periods.at(-1);
  if (current && current.until === null && current.since !== null)
    current.days = wholeDays(new Date(current.since), now);
  const totals: Partial<Record<ProofPointStatus, number>> = {};
  for (const period of periods) {
    if (period.days !== null) totals[period.status] = (totals[period.status] ?? 0) + period.days;
  }
  return { periods, totals };
}

export interface DeletedVbu {
  vbuId: string;
  /** The name it had when it was deleted. */
  name: string;
  deletedAt: string;
  deletedBy: string;
}

/**
 * VBUs that were deleted, newest first, for the admins' VBU page (their history stays readable
 * at /vbus/{id}/history, by admins only). One query on the VBU deletions' index.
 */
export async function listDeletedVbus(actor: Actor, limit = 100): Promise<DeletedVbu[]> {
  if (!isAdmin(actor)) throw new ForbiddenError("Only admins see deleted VBUs.");
  const rows = await getDb()
    .select({
      vbuId: changeHistory.vbuId,
      name: changeHistory.vbuName,
      at: changeHistory.at,
      by: changeHistory.actorName,
    })
    .from(changeHistory)
    .where(and(eq(changeHistory.subject, "vbu"), eq(changeHistory.action, "deleted")))
    .orderBy(desc(changeHistory.at), desc(changeHistory.id))
    .limit(limit);
  return rows.map((row) => ({ vbuId: row.vbuId, name: row.name, deletedAt: row.at.toISOString(), deletedBy: row.by }));
}
