import { diffWords } from "diff";
import type { LifecycleLane, ProofPointStatus } from "../../db/schema";
import { SNAPSHOT_FIELDS, type SnapshotFieldName } from "./fields";
import type { ReviewSnapshot, SnapshotEvidence, SnapshotProofPoint, SnapshotThesis } from "./snapshot";

// "What changed since the last review", from two snapshots alone, so it stays true however the
// canvas changes later. Pure and free of server code: the result is plain JSON, for server and
// client components alike. Theses, proof points and evidence are matched by id, never by
// position or text, so a thesis moved and edited at once is one thesis that did both.

/** One run of words: unchanged, new, or gone. */
export interface WordPart {
  kind: "same" | "added" | "removed";
  text: string;
}

export interface Change<T> {
  before: T;
  after: T;
}

/** A text written for the first time, edited or cleared; `words` shows which words. */
export interface TextChange {
  change: "written" | "edited" | "cleared";
  words: WordPart[];
}

export interface FieldChange extends TextChange {
  field: SnapshotFieldName;
}

/** A thesis as numbered in one snapshot (the earlier one for what was removed or left). */
export interface ThesisRef {
  id: string;
  order: number;
}

export type ThesisChange =
  | { kind: "added" | "removed"; id: string; order: number; text: string }
  | {
      kind: "changed";
      id: string;
      /** Its number now, and its text now. */
      order: number;
      text: string;
      /** Its number before, when it moved (see movedTheses); null otherwise. */
      movedFrom: number | null;
      /** Null when the text is the same. */
      words: WordPart[] | null;
    };

export type ProofPointChange =
  | { kind: "added" | "removed"; id: string; description: string; status: ProofPointStatus; thesis: ThesisRef }
  | {
      kind: "changed";
      id: string;
      /** Its description and thesis now. */
      description: string;
      thesis: ThesisRef;
      /** Null for each part that did not change. */
      movedFrom: ThesisRef | null;
      status: Change<ProofPointStatus> | null;
      words: WordPart[] | null;
      evidenceNote: TextChange | null;
      /** YYYY-MM, or null for no month. */
      targetReviewMonth: Change<string | null> | null;
    };

export interface EvidenceChange {
  kind: "added" | "removed";
  id: string;
  filename: string;
  label: string | null;
  /** The proof point it belongs (or belonged) to. */
  proofPoint: { id: string; description: string };
}

export type TestingRef = NonNullable<ReviewSnapshot["currentlyTesting"]>;

export interface ReviewDiff {
  /** No earlier review: nothing to compare with, and every list below is empty. */
  first: boolean;
  vbuName: Change<string> | null;
  gmName: Change<string> | null;
  lane: Change<LifecycleLane> | null;
  /** In the canvas's order. */
  fields: FieldChange[];
  /** What is there now in its order, then what was removed in its old order; likewise below. */
  theses: ThesisChange[];
  proofPoints: ProofPointChange[];
  evidence: EvidenceChange[];
  currentlyTesting: Change<TestingRef | null> | null;
}

export function diffSnapshots(before: ReviewSnapshot | null, after: ReviewSnapshot): ReviewDiff {
  if (before === null) {
    return {
      first: true,
      vbuName: null,
      gmName: null,
      lane: null,
      fields: [],
      theses: [],
      proofPoints: [],
      evidence: [],
      currentlyTesting: null,
    };
  }
  return {
    first: false,
    vbuName: changed(before.vbuName, after.vbuName),
    gmName: changed(before.gmName, after.gmName),
    lane: changed(before.lane, after.lane),
    fields: SNAPSHOT_FIELDS.flatMap((field) => {
      const change = textChange(before.fields[field], after.fields[field]);
      return change ? [{ field, ...change }] : [];
    }),
    theses: diffTheses(before.theses, after.theses),
    proofPoints: diffProofPoints(before, after),
    evidence: diffEvidence(before, after),
    currentlyTesting: diffTesting(before.currentlyTesting, after.currentlyTesting),
  };
}

/** How many things changed: a thesis moved and edited is one. Zero for a first review. */
export function countChanges(diff: ReviewDiff): number {
  const single = [diff.vbuName, diff.gmName, diff.lane, diff.currentlyTesting].filter((c) => c !== null).length;
  return single + diff.fields.length + diff.theses.length + diff.proofPoints.length + diff.evidence.length;
}

export const isEmptyDiff = (diff: ReviewDiff): boolean => countChanges(diff) === 0;

const changed = <T>(before: T, after: T): Change<T> | null => (before === after ? null : { before, after });

/**
 * Whitespace alone is not a change a reader can see, so a text whose words are all the same is
 * reported as unchanged; an empty text counts as not written. The change history's word diffs
 * (lib/history/read.ts) come from here too.
 */
export function textChange(before: string | null, after: string | null): TextChange | null {
  const [was, now] = [before ?? "", after ?? ""];
  if (was === now) return null;
  if (!was) return { change: "written", words: [{ kind: "added", text: now }] };
  if (!now) return { change: "cleared", words: [{ kind: "removed", text: was }] };
  const words: WordPart[] = diffWords(was, now).map((part) => ({
    kind: part.added ? "added" : part.removed ? "removed" : "same",
    text: part.value,
  }));
  return words.some((w) => w.kind !== "same") ? { change: "edited", words } : null;
}

function diffTheses(before: SnapshotThesis[], after: SnapshotThesis[]): ThesisChange[] {
  const was = new Map(before.map((t) => [t.id, t]));
  const moved = movedTheses(before, after);
  const now: ThesisChange[] = after.flatMap((thesis): ThesisChange[] => {
    const old = was.get(thesis.id);
    if (!old) return [{ kind: "added", id: thesis.id, order: thesis.order, text: thesis.text }];
    const words = textChange(old.text, thesis.text)?.words ?? null;
    const movedFrom = moved.has(thesis.id) ? old.order : null;
    if (words === null && movedFrom === null) return [];
    return [{ kind: "changed", id: thesis.id, order: thesis.order, text: thesis.text, movedFrom, words }];
  });
  const kept = new Set(after.map((t) => t.id));
  const gone = before.filter((t) => !kept.has(t.id));
  return [...now, ...gone.map((t): ThesisChange => ({ kind: "removed", id: t.id, order: t.order, text: t.text }))];
}

/**
 * The theses a reader would say moved. Removing or adding a thesis renumbers the ones below it,
 * but that is not a move: only a change in the order of the theses in both snapshots is. The
 * fewest moves that explain the new order are reported (the theses outside the longest run
 * that kept its order), so moving thesis 3 to the top is "3 moved to 1", not also "1 moved to
 * 2" and "2 moved to 3". In a swap either thesis could be the one that moved; the one that
 * went up is reported.
 */
function movedTheses(before: SnapshotThesis[], after: SnapshotThesis[]): Set<string> {
  const rank = new Map(before.map((t, i) => [t.id, i]));
  const both = after.flatMap((t) => {
    const was = rank.get(t.id);
    return was === undefined ? [] : [{ id: t.id, was }];
  });
  // The longest run of old positions that still increase in the new order, built end by end
  // (five theses at most, so O(n²) is nothing). On a tie the run ending later in the new order
  // wins, at every step: it keeps the theses now lower down in place, reporting the one that went up.
  const runs: { ids: string[]; was: number }[] = [];
  for (const { id, was } of both) {
    const longest = runs.reduce<string[]>(
      (best, run) => (run.was < was && run.ids.length >= best.length ? run.ids : best),
      [],
    );
    runs.push({ ids: [...longest, id], was });
  }
  const stayed = new Set(runs.reduce<string[]>((best, run) => (run.ids.length >= best.length ? run.ids : best), []));
  return new Set(both.filter((t) => !stayed.has(t.id)).map((t) => t.id));
}

const proofPointsOf = (snapshot: ReviewSnapshot): { item: SnapshotProofPoint; thesis: SnapshotThesis }[] =>
  snapshot.theses.flatMap((thesis) => thesis.proofPoints.map((item) => ({ item, thesis })));

const ref = (thesis: SnapshotThesis): ThesisRef => ({ id: thesis.id, order: thesis.order });

function diffProofPoints(before: ReviewSnapshot, after: ReviewSnapshot): ProofPointChange[] {
  const was = new Map(proofPointsOf(before).map((p) => [p.item.id, p]));
  const now = proofPointsOf(after).flatMap(({ item, thesis }): ProofPointChange[] => {
    const old = was.get(item.id);
    const { id, description, status } = item;
    if (!old) return [{ kind: "added", id, description, status, thesis: ref(thesis) }];
    const change = {
      movedFrom: old.thesis.id === thesis.id ? null : ref(old.thesis),
      status: changed(old.item.status, status),
      words: textChange(old.item.description, description)?.words ?? null,
      evidenceNote: textChange(old.item.evidenceNote, item.evidenceNote),
      targetReviewMonth: changed(old.item.targetReviewMonth, item.targetReviewMonth),
    };
    if (Object.values(change).every((c) => c === null)) return [];
    return [{ kind: "changed", id, description, thesis: ref(thesis), ...change }];
  });
  const kept = new Set(proofPointsOf(after).map((p) => p.item.id));
  const gone = proofPointsOf(before).filter((p) => !kept.has(p.item.id));
  const removed = gone.map(({ item: { id, description, status }, thesis }): ProofPointChange => {
    return { kind: "removed", id, description, status, thesis: ref(thesis) };
  });
  return [...now, ...removed];
}

function evidenceOf(snapshot: ReviewSnapshot): { file: SnapshotEvidence; proofPoint: EvidenceChange["proofPoint"] }[] {
  return proofPointsOf(snapshot).flatMap(({ item: { id, description, evidence } }) =>
    evidence.map((file) => ({ file, proofPoint: { id, description } })),
  );
}

function diffEvidence(before: ReviewSnapshot, after: ReviewSnapshot): EvidenceChange[] {
  const [was, now] = [evidenceOf(before), evidenceOf(after)];
  const ids = (list: typeof was) => new Set(list.map((e) => e.file.id));
  const [oldIds, newIds] = [ids(was), ids(now)];
  const entry =
    (kind: EvidenceChange["kind"]) =>
    ({ file, proofPoint }: (typeof was)[number]): EvidenceChange => ({
      kind,
      id: file.id,
      filename: file.filename,
      label: file.label,
      proofPoint,
    });
  return [
    ...now.filter((e) => !oldIds.has(e.file.id)).map(entry("added")),
    ...was.filter((e) => !newIds.has(e.file.id)).map(entry("removed")),
  ];
}

/** What is being tested is the same thesis or proof point, whatever its label says now. */
function diffTesting(before: TestingRef | null, after: TestingRef | null): Change<TestingRef | null> | null {
  const key = (t: TestingRef | null) => (t ? `${t.type}:${t.id}` : "");
  return key(before) === key(after) ? null : { before, after };
}
