import { Fragment, type ReactNode } from "react";
import { CANVAS_FIELD_LABELS } from "@/lib/canvas/schemas";
import { laneLabel, PROOF_POINT_STATUS_LABELS } from "@/lib/canvas/vocabulary";
import { formatReviewMonth } from "@/lib/dates";
import {
  type EvidenceChange,
  isEmptyDiff,
  type ProofPointChange,
  type ReviewDiff as Diff,
  type TextChange,
  type ThesisChange,
  type WordPart,
} from "@/lib/reviews/diff";

// "What changed since the last review", for readers to scan: one heading per kind of change,
// short sentences, and edited text with its changed words marked. The marks never rely on
// colour alone (added words are underlined, removed ones struck through) and screen readers
// hear "added:" / "removed:" before them. Server-rendered: no state, no hooks.

const quote = (text: string) => `“${text}”`;

/**
 * A text with its changes marked; newlines kept, as the canvas shows them. A word replaced by
 * another comes as removed then added with nothing between: a space keeps them two words.
 */
export function Words({ words }: { words: WordPart[] }) {
  return (
    <span className="whitespace-pre-line">
      {words.map((part, i) => {
        if (part.kind === "same") return <span key={i}>{part.text}</span>;
        if (part.kind === "removed") {
          return (
            <del key={i} className="rounded-sm bg-red-50 text-red-900 line-through decoration-2">
              <span className="sr-only">removed: </span>
              {part.text}
            </del>
          );
        }
        return (
          <Fragment key={i}>
            {words[i - 1]?.kind === "removed" && " "}
            <ins className="rounded-sm bg-green-100 text-green-900 underline decoration-2 underline-offset-2">
              <span className="sr-only">added: </span>
              {part.text}
            </ins>
          </Fragment>
        );
      })}
    </span>
  );
}

export function ReviewDiff({ diff, sinceLabel }: { diff: Diff; sinceLabel: string }) {
  if (diff.first) return <p className="text-sm text-slate-600">No earlier review to compare with.</p>;
  if (isEmptyDiff(diff)) return <p className="text-sm text-slate-600">Nothing changed since {sinceLabel}.</p>;
  const { vbuName, gmName, lane, fields, theses, proofPoints, evidence, currentlyTesting } = diff;
  return (
    <div className="space-y-6">
      {(vbuName || gmName) && (
        <Kind title="VBU">
          {vbuName && (
            <li>
              Renamed from {quote(vbuName.before)} to {quote(vbuName.after)}.
            </li>
          )}
          {gmName && (
            <li>
              GM changed from {gmName.before} to {gmName.after}.
            </li>
          )}
        </Kind>
      )}
      {lane && (
        <Kind title="Lane">
          <li>
            Moved from {laneLabel(lane.before)} to {laneLabel(lane.after)}.
          </li>
        </Kind>
      )}
      {fields.length > 0 && (
        <Kind title="Canvas fields">
          {fields.map((f) => (
            <li key={f.field}>
              <TextEdit name={CANVAS_FIELD_LABELS[f.field]} change={f} />
            </li>
          ))}
        </Kind>
      )}
      {theses.length > 0 && (
        <Kind title="Theses">
          {theses.map((t) => (
            <li key={t.id}>
              <ThesisLine change={t} />
            </li>
          ))}
        </Kind>
      )}
      {proofPoints.length > 0 && (
        <Kind title="Proof points">
          {proofPoints.map((p) => (
            <li key={p.id}>
              <ProofPointLine change={p} />
            </li>
          ))}
        </Kind>
      )}
      {evidence.length > 0 && (
        <Kind title="Evidence">
          {evidence.map((e) => (
            <li key={e.id}>
              <EvidenceLine change={e} />
            </li>
          ))}
        </Kind>
      )}
      {currentlyTesting && (
        <Kind title="Currently testing">
          <li>
            {currentlyTesting.before && currentlyTesting.after
              ? `Changed from ${quote(currentlyTesting.before.label)} to ${quote(currentlyTesting.after.label)}.`
              : currentlyTesting.after
                ? `Set to ${quote(currentlyTesting.after.label)}.`
                : `Cleared (was ${quote(currentlyTesting.before?.label ?? "")}).`}
          </li>
        </Kind>
      )}
    </div>
  );
}

/** One kind of change: a heading, then its changes as a list. */
function Kind({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-2">
      <h3 className="font-medium text-slate-900">{title}</h3>
      <ul className="space-y-2 text-sm">{children}</ul>
    </section>
  );
}

/** "Primary focus written:" and the words. */
function TextEdit({ name, change }: { name: string; change: TextChange }) {
  return (
    <p>
      <span className="font-medium text-slate-700">
        {name} {change.change}:
      </span>{" "}
      <Words words={change.words} />
    </p>
  );
}

function ThesisLine({ change }: { change: ThesisChange }) {
  if (change.kind !== "changed") {
    return (
      <p>
        <span className="font-medium text-slate-700">
          Thesis {change.order} {change.kind}:
        </span>{" "}
        {change.text}
      </p>
    );
  }
  const moved = change.movedFrom === null ? null : `Thesis ${change.movedFrom} moved to ${change.order}`;
  if (!change.words) return <p>{moved}.</p>;
  return (
    <p>
      <span className="font-medium text-slate-700">
        {moved ? `${moved} and edited:` : `Thesis ${change.order} edited:`}
      </span>{" "}
      <Words words={change.words} />
    </p>
  );
}

const month = (value: string | null) => (value ? formatReviewMonth(value) : "none");

function ProofPointLine({ change }: { change: ProofPointChange }) {
  if (change.kind !== "changed") {
    const { description, thesis, status } = change;
    return (
      <p>
        {change.kind === "added"
          ? `Added ${quote(description)} to thesis ${thesis.order} (${PROOF_POINT_STATUS_LABELS[status]}).`
          : `Removed ${quote(description)} from thesis ${thesis.order}.`}
      </p>
    );
  }
  const { status, movedFrom, targetReviewMonth } = change;
  const facts = [
    status && `${PROOF_POINT_STATUS_LABELS[status.before]} → ${PROOF_POINT_STATUS_LABELS[status.after]}`,
    movedFrom && `moved from thesis ${movedFrom.order} to thesis ${change.thesis.order}`,
    targetReviewMonth && `review month ${month(targetReviewMonth.before)} → ${month(targetReviewMonth.after)}`,
  ].filter(Boolean);
  return (
    <div className="space-y-1">
      <p>
        <span className="font-medium text-slate-700">{quote(change.description)}</span>
        {facts.length > 0 && ` ${facts.join("; ")}`}
      </p>
      {change.words && <TextEdit name="Description" change={{ change: "edited", words: change.words }} />}
      {change.evidenceNote && <TextEdit name="Evidence note" change={change.evidenceNote} />}
    </div>
  );
}

function EvidenceLine({ change }: { change: EvidenceChange }) {
  const file = change.label ? `${change.filename} (${quote(change.label)})` : change.filename;
  const where = quote(change.proofPoint.description);
  return <p>{change.kind === "added" ? `Added ${file} to ${where}.` : `Removed ${file} from ${where}.`}</p>;
}
