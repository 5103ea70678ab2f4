// What deleting a thesis or a proof point takes with it, in words: the question asked before
// (from what the page shows) and the answer after (from what the delete counted inside its
// transaction). One module for both, client and server alike, so they cannot drift.

/** What a delete takes with it. */
export interface DeletionCounts {
  /** Proof points deleted with a thesis (0 for a proof point). */
  proofPoints: number;
  /** Evidence files deleted with it. */
  files: number;
  /** It, or one of its proof points, was what the canvas was testing: that pointer is cleared. */
  wasTesting: "itself" | "a proof point" | null;
}

export interface ThesisDeletion extends DeletionCounts {
  order: number;
}

export interface ProofPointDeletion extends DeletionCounts {
  description: string;
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "3 proof points and 2 evidence files", "1 evidence file", or "" when nothing goes with it. */
export function whatGoesWith({ proofPoints, files }: Pick<DeletionCounts, "proofPoints" | "files">): string {
  const parts = [
    proofPoints ? count(proofPoints, "proof point", "proof points") : null,
    files ? count(files, "evidence file", "evidence files") : null,
  ].filter((p): p is string => p !== null);
  return parts.join(" and ");
}

export const TESTING_ITSELF = "This is what the canvas is testing now; deleting it clears that.";
export const TESTING_ONE_OF_ITS_POINTS =
  "One of its proof points is what the canvas is testing now; deleting it clears that.";
export const NOTHING_TESTED_NOW = "Nothing is being tested now.";

const testingSentence = (wasTesting: DeletionCounts["wasTesting"]) =>
  wasTesting === "itself" ? TESTING_ITSELF : wasTesting === "a proof point" ? TESTING_ONE_OF_ITS_POINTS : null;

const sentences = (...parts: (string | null)[]) => parts.filter(Boolean).join(" ");

/** Asked before deleting a thesis: "Delete thesis 2? This also deletes its 3 proof points and 2 evidence files. …" */
export function thesisDeleteQuestion(d: ThesisDeletion): string {
  const goes = whatGoesWith(d);
  return sentences(
    `Delete thesis ${d.order}?`,
    goes ? `This also deletes its ${goes}.` : null,
    testingSentence(d.wasTesting),
  );
}

/** Asked before deleting a proof point. */
export function proofPointDeleteQuestion(d: DeletionCounts): string {
  const goes = whatGoesWith(d);
  return sentences(
    "Delete this proof point?",
    goes ? `This also deletes its ${goes}.` : null,
    testingSentence(d.wasTesting),
  );
}

/** Said after: "Thesis 2 deleted, with 3 proof points and 2 evidence files. Nothing is being tested now." */
export function thesisDeletedMessage(d: ThesisDeletion): string {
  const goes = whatGoesWith(d);
  return sentences(
    `Thesis ${d.order} deleted${goes ? `, with ${goes}` : ""}.`,
    d.wasTesting ? NOTHING_TESTED_NOW : null,
  );
}

/** Said after: "Proof point “…” deleted, with 2 evidence files." */
export function proofPointDeletedMessage(d: ProofPointDeletion): string {
  const goes = whatGoesWith(d);
  return sentences(
    `Proof point “${d.description}” deleted${goes ? `, with ${goes}` : ""}.`,
    d.wasTesting ? NOTHING_TESTED_NOW : null,
  );
}
