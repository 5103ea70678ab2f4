// "What changed since the last review" (lib/reviews/diff.ts), from snapshots built here: each
// test writes the two canvases it compares, so what it expects can be read off the test.
import { readFile } from "node:fs/promises";
import { describe, expect, expectTypeOf, it } from "vitest";
import { CANVAS_FIELDS } from "../../lib/canvas/schemas";
import { countChanges, diffSnapshots, isEmptyDiff, type ReviewDiff } from "../../lib/reviews/diff";
import { SNAPSHOT_FIELDS, type SnapshotFieldName } from "../../lib/reviews/fields";
import {
  type ReviewSnapshot,
  SNAPSHOT_SCHEMA,
  type SnapshotFields,
  type SnapshotProofPoint,
} from "../../lib/reviews/snapshot";

// ------------------------------------------------------------------ builder

type ThesisInput = { id: string; text: string; proofPoints?: SnapshotProofPoint[] };
type SnapshotInput = Partial<Omit<ReviewSnapshot, "theses" | "fields">> & {
  fields?: Partial<SnapshotFields>;
  theses?: ThesisInput[];
};

/** A snapshot whose theses are numbered by their place in the list, as the canvas numbers them. */
function snapshot({ theses = [], fields = {}, ...rest }: SnapshotInput = {}): ReviewSnapshot {
  return {
    schema: SNAPSHOT_SCHEMA,
    vbuName: "Harbor Logistics",
    gmName: "Ana Silva",
    lane: "build",
    currentlyTesting: null,
    ...rest,
    fields: {
      productName: null,
      successDescription: null,
      futureStateIntent: null,
      primaryFocus: null,
      resistDoing: null,
      goodDiscipline: null,
      primaryConstraint: null,
      portfolioNotes: null,
      ...fields,
    },
    theses: theses.map((t, i) => ({ order: i + 1, proofPoints: [], ...t })),
  };
}

const point = (id: string, description: string, more: Partial<SnapshotProofPoint> = {}): SnapshotProofPoint => ({
  id,
  description,
  status: "not_started",
  evidenceNote: null,
  targetReviewMonth: null,
  evidence: [],
  ...more,
});

const NOTHING: Omit<ReviewDiff, "first"> = {
  vbuName: null,
  gmName: null,
  lane: null,
  fields: [],
  theses: [],
  proofPoints: [],
  evidence: [],
  currentlyTesting: null,
};

const A = { id: "t-a", text: "Dock owners will pay for booking" };
const B = { id: "t-b", text: "Fleets want one invoice" };
const C = { id: "t-c", text: "Ports share their schedules" };
const D = { id: "t-d", text: "Drivers use the app daily" };

// ------------------------------------------------------------------ tests

describe("the first review", () => {
  it("has nothing to compare with, whatever its canvas holds", () => {
    const diff = diffSnapshots(
      null,
      snapshot({ theses: [{ ...A, proofPoints: [point("p1", "Ship pilot")] }], fields: { primaryFocus: "Pilots" } }),
    );
    expect(diff).toEqual({ first: true, ...NOTHING });
    expect(countChanges(diff)).toBe(0);
    expect(isEmptyDiff(diff)).toBe(true);
  });
});

describe("two snapshots alike", () => {
  it("give an empty diff, not a first one", () => {
    const canvas = snapshot({
      fields: { successDescription: "Every dock books online" },
      theses: [
        {
          ...A,
          proofPoints: [point("p1", "Ship pilot", { evidence: [{ id: "e1", filename: "a.pdf", label: null }] })],
        },
      ],
      currentlyTesting: { type: "thesis", id: A.id, label: A.text },
    });
    const diff = diffSnapshots(canvas, structuredClone(canvas));
    expect(diff).toEqual({ first: false, ...NOTHING });
    expect(isEmptyDiff(diff)).toBe(true);
  });

  it("when a text differs only in its spacing, which a reader cannot see", () => {
    const diff = diffSnapshots(
      snapshot({ fields: { primaryFocus: "Win  the ports" } }),
      snapshot({ fields: { primaryFocus: "Win the ports" } }),
    );
    expect(diff.fields).toEqual([]);
  });
});

describe("the canvas's own fields", () => {
  it("mark only the words that changed in an edited sentence", () => {
    const diff = diffSnapshots(
      snapshot({ fields: { successDescription: "Ship the pilot in May to three customers" } }),
      snapshot({ fields: { successDescription: "Ship the pilot in June to five customers" } }),
    );
    expect(diff.fields).toEqual([
      {
        field: "successDescription",
        change: "edited",
        words: [
          { kind: "same", text: "Ship the pilot in " },
          { kind: "removed", text: "May" },
          { kind: "added", text: "June" },
          { kind: "same", text: " to " },
          { kind: "removed", text: "three" },
          { kind: "added", text: "five" },
          { kind: "same", text: " customers" },
        ],
      },
    ]);
  });

  it("say when a field is written for the first time or cleared, and list fields in the canvas's order", () => {
    const diff = diffSnapshots(
      snapshot({ fields: { portfolioNotes: "Watch cash", productName: null, resistDoing: "" } }),
      snapshot({ fields: { portfolioNotes: null, productName: "Dock", resistDoing: null } }),
    );
    expect(diff.fields).toEqual([
      { field: "productName", change: "written", words: [{ kind: "added", text: "Dock" }] },
      { field: "portfolioNotes", change: "cleared", words: [{ kind: "removed", text: "Watch cash" }] },
    ]);
  });

  it("are the canvas's fields without the lane, in its order, every one of them", () => {
    expect(SNAPSHOT_FIELDS).toEqual(CANVAS_FIELDS.filter((f) => f !== "lifecycleLane"));
    expectTypeOf<Exclude<SnapshotFieldName, (typeof SNAPSHOT_FIELDS)[number]>>().toEqualTypeOf<never>();
  });
});

describe("the VBU, its GM and its lane", () => {
  it("report each change from before to after", () => {
    const diff = diffSnapshots(
      snapshot(),
      snapshot({ vbuName: "Harbour Logistics", gmName: "Ben Okafor", lane: "sell" }),
    );
    expect(diff).toEqual({
      first: false,
      ...NOTHING,
      vbuName: { before: "Harbor Logistics", after: "Harbour Logistics" },
      gmName: { before: "Ana Silva", after: "Ben Okafor" },
      lane: { before: "build", after: "sell" },
    });
    expect(countChanges(diff)).toBe(3);
  });
});

describe("theses", () => {
  it("moved and edited at once are one change that says both", () => {
    const diff = diffSnapshots(
      snapshot({ theses: [A, B, C] }),
      snapshot({ theses: [{ ...C, text: "Ports share their live schedules" }, A, B] }),
    );
    expect(diff.theses).toEqual([
      {
        kind: "changed",
        id: C.id,
        order: 1,
        text: "Ports share their live schedules",
        movedFrom: 3,
        words: [
          { kind: "same", text: "Ports share their " },
          { kind: "added", text: "live " },
          { kind: "same", text: "schedules" },
        ],
      },
    ]);
    expect(countChanges(diff)).toBe(1);
  });

  it("renumbered because one above was removed did not move: only the removal is reported", () => {
    const diff = diffSnapshots(snapshot({ theses: [A, B, C] }), snapshot({ theses: [A, C] }));
    expect(diff.theses).toEqual([{ kind: "removed", id: B.id, order: 2, text: B.text }]);
  });

  it("renumbered because one was added above did not move either", () => {
    const diff = diffSnapshots(snapshot({ theses: [A, B] }), snapshot({ theses: [D, A, B] }));
    expect(diff.theses).toEqual([{ kind: "added", id: D.id, order: 1, text: D.text }]);
  });

  it("moved to the bottom is the one move reported, not the two that went up a place", () => {
    const diff = diffSnapshots(snapshot({ theses: [A, B, C] }), snapshot({ theses: [B, C, A] }));
    expect(diff.theses).toEqual([{ kind: "changed", id: A.id, order: 3, text: A.text, movedFrom: 1, words: null }]);
  });

  it("swapped report the one that went up", () => {
    const diff = diffSnapshots(snapshot({ theses: [A, B, C] }), snapshot({ theses: [B, A, C] }));
    expect(diff.theses).toEqual([{ kind: "changed", id: B.id, order: 1, text: B.text, movedFrom: 2, words: null }]);
  });

  it("report a real move among removals with the numbers readers saw", () => {
    const diff = diffSnapshots(snapshot({ theses: [A, B, C, D] }), snapshot({ theses: [D, B, C] }));
    expect(diff.theses).toEqual([
      { kind: "changed", id: D.id, order: 1, text: D.text, movedFrom: 4, words: null },
      { kind: "removed", id: A.id, order: 1, text: A.text },
    ]);
  });

  it("with the same text under a new id are a removal and an addition", () => {
    const diff = diffSnapshots(snapshot({ theses: [A] }), snapshot({ theses: [{ ...A, id: "t-a2" }] }));
    expect(diff.theses.map((t) => [t.kind, t.id])).toEqual([
      ["added", "t-a2"],
      ["removed", A.id],
    ]);
  });
});

describe("proof points", () => {
  it("moved to another thesis with a new status report both, by their id", () => {
    const pilot = point("p1", "Ship pilot", { status: "in_progress" });
    const diff = diffSnapshots(
      snapshot({
        theses: [
          { ...A, proofPoints: [point("p0", "Interview ten owners")] },
          { ...B, proofPoints: [pilot] },
        ],
      }),
      snapshot({
        theses: [
          { ...A, proofPoints: [point("p0", "Interview ten owners"), { ...pilot, status: "observed" }] },
          { ...B, proofPoints: [] },
        ],
      }),
    );
    expect(diff.proofPoints).toEqual([
      {
        kind: "changed",
        id: "p1",
        description: "Ship pilot",
        thesis: { id: A.id, order: 1 },
        movedFrom: { id: B.id, order: 2 },
        status: { before: "in_progress", after: "observed" },
        words: null,
        evidenceNote: null,
        targetReviewMonth: null,
      },
    ]);
    expect(diff.theses).toEqual([]);
  });

  it("report an edited description, evidence note and review month, and stay on a thesis that only renumbered", () => {
    const before = point("p1", "Ship the pilot", { evidenceNote: null, targetReviewMonth: "2027-03" });
    const after = point("p1", "Ship the paid pilot", { evidenceNote: "Two docks signed", targetReviewMonth: null });
    const diff = diffSnapshots(
      snapshot({ theses: [A, { ...B, proofPoints: [before] }] }),
      snapshot({ theses: [{ ...B, proofPoints: [after] }] }),
    );
    expect(diff.proofPoints).toEqual([
      {
        kind: "changed",
        id: "p1",
        description: "Ship the paid pilot",
        thesis: { id: B.id, order: 1 },
        movedFrom: null,
        status: null,
        words: [
          { kind: "same", text: "Ship the " },
          { kind: "added", text: "paid " },
          { kind: "same", text: "pilot" },
        ],
        evidenceNote: { change: "written", words: [{ kind: "added", text: "Two docks signed" }] },
        targetReviewMonth: { before: "2027-03", after: null },
      },
    ]);
  });

  it("added, and removed with the thesis they were on, each with their thesis and status", () => {
    const diff = diffSnapshots(
      snapshot({ theses: [A, { ...B, proofPoints: [point("p2", "Send one invoice", { status: "stalled" })] }] }),
      snapshot({ theses: [{ ...A, proofPoints: [point("p1", "Ship pilot")] }] }),
    );
    expect(diff.proofPoints).toEqual([
      { kind: "added", id: "p1", description: "Ship pilot", status: "not_started", thesis: { id: A.id, order: 1 } },
      { kind: "removed", id: "p2", description: "Send one invoice", status: "stalled", thesis: { id: B.id, order: 2 } },
    ]);
    expect(diff.theses).toEqual([{ kind: "removed", id: B.id, order: 2, text: B.text }]);
  });
});

describe("evidence", () => {
  const contract = { id: "e1", filename: "contract.pdf", label: "Signed contract" };
  const photo = { id: "e2", filename: "dock.jpg", label: null };

  it("new and deleted files are reported with their proof point", () => {
    const diff = diffSnapshots(
      snapshot({ theses: [{ ...A, proofPoints: [point("p1", "Ship pilot", { evidence: [contract] })] }] }),
      snapshot({ theses: [{ ...A, proofPoints: [point("p1", "Ship pilot", { evidence: [photo] })] }] }),
    );
    const proofPoint = { id: "p1", description: "Ship pilot" };
    expect(diff.evidence).toEqual([
      { kind: "added", id: "e2", filename: "dock.jpg", label: null, proofPoint },
      { kind: "removed", id: "e1", filename: "contract.pdf", label: "Signed contract", proofPoint },
    ]);
    expect(diff.proofPoints).toEqual([]);
  });

  it("going with its deleted proof point is reported too, under the proof point it was on", () => {
    const diff = diffSnapshots(
      snapshot({ theses: [{ ...A, proofPoints: [point("p1", "Ship pilot", { evidence: [contract] })] }] }),
      snapshot({ theses: [A] }),
    );
    expect(diff.evidence).toEqual([
      { kind: "removed", ...contract, proofPoint: { id: "p1", description: "Ship pilot" } },
    ]);
    expect(countChanges(diff)).toBe(2);
  });
});

describe("currently testing", () => {
  const thesis = { type: "thesis", id: A.id, label: A.text } as const;
  const proofPoint = { type: "proof_point", id: "p1", label: "Ship pilot" } as const;

  it.each([
    ["set", null, thesis],
    ["changed", thesis, proofPoint],
    ["cleared", proofPoint, null],
  ] as const)("is reported when %s", (_, before, after) => {
    const diff = diffSnapshots(snapshot({ currentlyTesting: before }), snapshot({ currentlyTesting: after }));
    expect(diff.currentlyTesting).toEqual({ before, after });
  });

  it("is unchanged while it is the same thesis, whose new words the thesis's edit reports", () => {
    const diff = diffSnapshots(
      snapshot({ currentlyTesting: thesis }),
      snapshot({ currentlyTesting: { ...thesis, label: "Dock owners will pay" } }),
    );
    expect(diff.currentlyTesting).toBeNull();
  });
});

describe("a diff", () => {
  it("is plain JSON, so it crosses to client components unchanged", () => {
    const diff = diffSnapshots(
      snapshot({ theses: [A, B], fields: { primaryFocus: "Ports" } }),
      snapshot({ theses: [{ ...B, proofPoints: [point("p1", "Ship pilot")] }, A], fields: { primaryFocus: null } }),
    );
    expect(JSON.parse(JSON.stringify(diff))).toEqual(diff);
    expect(countChanges(diff)).toBe(3);
  });

  it.each(["lib/reviews/diff.ts", "lib/reviews/fields.ts"])(
    "%s imports no server code at run time, so client components may import it",
    async (path) => {
      const source = await readFile(new URL(`../../${path}`, import.meta.url), "utf8");
      const runtime = [...source.matchAll(/^import (?!type )[^;]* from "([^"]+)";$/gm)].map((m) => m[1]);
      expect(runtime.every((from) => from === "diff" || from === "./fields")).toBe(true);
    },
  );
});
