import { CANVAS_FIELD_LABELS } from "../../canvas/schemas";
import { laneLabel, PROOF_POINT_STATUS_LABELS } from "../../canvas/vocabulary";
import { formatReviewMonth } from "../../dates";
import type { ProofPointChange, ReviewDiff, ThesisChange, WordPart } from "../../reviews/diff";

// "Since the last review" as lines for print, in the order and words of the review page
// (app/_components/review-diff.tsx): one group per kind of change, a lead in bold, then words,
// the edited ones marked. Plain data, so the drawing stays a loop.

export interface DiffLine {
  lead: string | null;
  words: WordPart[];
}

const quote = (text: string) => `“${text}”`;
const plain = (text: string): WordPart[] => [{ kind: "same", text }];
const month = (value: string | null) => (value ? formatReviewMonth(value) : "none");

export function diffLines(diff: ReviewDiff): { title: string; lines: DiffLine[] }[] {
  const groups: { title: string; lines: DiffLine[] }[] = [];
  const add = (title: string, lines: DiffLine[]) => lines.length > 0 && groups.push({ title, lines });
  add("VBU", [
    ...(diff.vbuName
      ? [line(null, `Renamed from ${quote(diff.vbuName.before)} to ${quote(diff.vbuName.after)}.`)]
      : []),
    ...(diff.gmName ? [line(null, `GM changed from ${diff.gmName.before} to ${diff.gmName.after}.`)] : []),
  ]);
  if (diff.lane) {
    add("Lane", [line(null, `Moved from ${laneLabel(diff.lane.before)} to ${laneLabel(diff.lane.after)}.`)]);
  }
  add(
    "Canvas fields",
    diff.fields.map((f) => ({ lead: `${CANVAS_FIELD_LABELS[f.field]} ${f.change}:`, words: f.words })),
  );
  add("Theses", diff.theses.map(thesisLine));
  add("Proof points", diff.proofPoints.map(proofPointLine));
  add(
    "Evidence",
    diff.evidence.map((e) =>
      line(
        null,
        `${e.kind === "added" ? "Added" : "Removed"} ${quote(e.label ?? e.filename)} ${e.kind === "added" ? "to" : "from"} ${quote(e.proofPoint.description)}.`,
      ),
    ),
  );
  const testing = diff.currentlyTesting;
  if (testing) {
    add("Currently testing", [
      line(
        null,
        testing.before && testing.after
          ? `Changed from ${quote(testing.before.label)} to ${quote(testing.after.label)}.`
          : testing.after
            ? `Set to ${quote(testing.after.label)}.`
            : `Cleared (was ${quote(testing.before?.label ?? "")}).`,
      ),
    ]);
  }
  return groups;
}

const line = (lead: string | null, text: string): DiffLine => ({ lead, words: plain(text) });

function thesisLine(change: ThesisChange): DiffLine {
  if (change.kind !== "changed") return line(`Thesis ${change.order} ${change.kind}:`, change.text);
  const moved = change.movedFrom === null ? null : `Thesis ${change.movedFrom} moved to ${change.order}`;
  if (!change.words) return line(null, `${moved}.`);
  return { lead: moved ? `${moved} and edited:` : `Thesis ${change.order} edited:`, words: change.words };
}

function proofPointLine(change: ProofPointChange): DiffLine {
  if (change.kind !== "changed") {
    const { description, thesis, status } = change;
    return line(
      null,
      change.kind === "added"
        ? `Added ${quote(description)} to thesis ${thesis.order} (${PROOF_POINT_STATUS_LABELS[status]}).`
        : `Removed ${quote(description)} from thesis ${thesis.order}.`,
    );
  }
  const { status, movedFrom, targetReviewMonth } = change;
  const facts = [
    status && `${PROOF_POINT_STATUS_LABELS[status.before]} to ${PROOF_POINT_STATUS_LABELS[status.after]}`,
    movedFrom && `moved from thesis ${movedFrom.order} to thesis ${change.thesis.order}`,
    targetReviewMonth && `review month ${month(targetReviewMonth.before)} to ${month(targetReviewMonth.after)}`,
    change.words && "description edited",
    change.evidenceNote && `evidence note ${change.evidenceNote.change}`,
  ].filter(Boolean);
  return line(`${quote(change.description)}:`, `${facts.join("; ")}.`);
}
