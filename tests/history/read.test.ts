// Reading the change history (lib/history/read.ts): entries made by the app's real writes read
// as sentences with their values in words; a page at a time by cursor with nothing lost or
// repeated; filters; hostile parameters ignored; a deleted VBU's history for admins alone; the
// same few queries whatever a page holds; a proof point's time in each status.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { changeHistory, proofPoints } from "../../db/schema";
import { deleteVbu, reassignGm } from "../../lib/admin/vbus";
import type { Actor } from "../../lib/auth/roles";
import { proofPointFingerprint, thesisFingerprint } from "../../lib/canvas/fingerprint";
import {
  editProofPointSchema,
  reorderThesesSchema,
  saveCanvasSchema,
  setCurrentlyTestingSchema,
} from "../../lib/canvas/schemas";
import {
  editProofPoint,
  editThesis,
  moveVbuToLane,
  reorderTheses,
  saveCanvas,
  setCurrentlyTesting,
} from "../../lib/canvas/write";
import { actAs } from "../../lib/history/actor";
import { acknowledgeReviewSchema } from "../../lib/reviews/schemas";
import { acknowledgeReview } from "../../lib/reviews/write";
import { createEvidence } from "../factories";
import { publishedReview } from "../reviews/support";
import { NotFoundError } from "../../lib/errors";
import {
  getHistory,
  getLatestHistory,
  type HistoryEntryView,
  type HistoryPage,
  historyPageQuery,
  parseHistoryParams,
  proofPointStatusHistory,
} from "../../lib/history/read";
import { useSeededAppDatabase } from "../support/app-database";
import { countingQueries } from "../support/counting";
import { ENGINES } from "../support/database";
import { actorOf, idOf } from "../support/session";
import { canvasRow, insertCanvas, type SeededCanvas } from "../canvas/support";

const NOW = new Date("2026-12-01T12:00:00.000Z");

const ORIGINAL = {
  productName: "Pilot",
  lifecycleLane: "build",
  successDescription: "Customers renew",
  futureStateIntent: null,
  primaryFocus: "Win the first three customers",
  resistDoing: null,
  goodDiscipline: null,
  primaryConstraint: null,
} as const;

const newCanvas = (): Promise<SeededCanvas> =>
  insertCanvas({
    gm: "ana",
    values: ORIGINAL,
    theses: [
      ["Buyers pay for speed", [{ description: "Pilot signs", status: "in_progress" }]],
      ["Support scales", [{ description: "Tickets halve" }]],
    ],
  });

/** Saves the canvas as it is, with these fields changed. */
async function save(actor: Actor, f: SeededCanvas, fields: Record<string, string>) {
  const row = await canvasRow(f.canvasId);
  const input = saveCanvasSchema.parse({
    vbuId: f.vbuId,
    version: String(row.version),
    productName: row.productName ?? "",
    lifecycleLane: row.lifecycleLane,
    successDescription: row.successDescription ?? "",
    futureStateIntent: row.futureStateIntent ?? "",
    primaryFocus: row.primaryFocus ?? "",
    resistDoing: row.resistDoing ?? "",
    goodDiscipline: row.goodDiscipline ?? "",
    primaryConstraint: row.primaryConstraint ?? "",
    ...fields,
  });
  return saveCanvas(actor, input);
}

async function setStatus(actor: Actor, f: SeededCanvas, pointId: string, status: string, more = {}) {
  const [row] = await getDb().select().from(proofPoints).where(eq(proofPoints.id, pointId));
  await editProofPoint(
    actor,
    editProofPointSchema.parse({
      vbuId: f.vbuId,
      proofPointId: pointId,
      description: row!.description,
      status,
      evidenceNote: row!.evidenceNote ?? "",
      targetReviewMonth: row!.targetReviewMonth?.slice(0, 7) ?? "",
      previous: proofPointFingerprint(row!),
      ...more,
    }),
  );
}

/** Runs `work` in a transaction whose changes the history credits to `actor`. */
async function actAsAndRun(
  actor: Actor,
  work: (tx: Parameters<Parameters<ReturnType<typeof getDb>["transaction"]>[0]>[0]) => Promise<void>,
) {
  await getDb().transaction(async (tx) => {
    await actAs(tx, actor);
    await work(tx);
  });
}

const entries = (page: HistoryPage) => page.days.flatMap((d) => d.entries);
const sentence = (e: HistoryEntryView) => `${e.who} ${e.verb} ${e.what}`;

/** Plain entries straight into the history (INSERT is allowed), for timing and volume. */
async function insertEntries(vbuId: string, count: number, values: Partial<typeof changeHistory.$inferInsert> = {}) {
  const rows = Array.from({ length: count }, (_, i): typeof changeHistory.$inferInsert => ({
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
    actorId: null,
    actorName: "System (tests)",
    vbuId,
    vbuName: "Bulk",
    subject: "canvas",
    subjectId: vbuId,
    action: "changed",
    changes: { primary_focus: [`Focus ${i}`, `Focus ${i + 1}`] },
    ...values,
  }));
  for (let i = 0; i < rows.length; i += 100)
    await getDb()
      .insert(changeHistory)
      .values(rows.slice(i, i + 100));
}

describe.each(ENGINES)("the change history read on %s", (engine) => {
  const database = useSeededAppDatabase(engine);
  let ana: Actor;
  let admin: Actor;
  let viewer: Actor;
  beforeAll(async () => {
    [ana, admin, viewer] = await Promise.all([actorOf("ana"), actorOf("admin"), actorOf("viewer")]);
  });

  it("reads the app's real writes as sentences, newest first, with the values in words", async () => {
    const f = await newCanvas();
    await save(ana, f, { primaryFocus: "Win the first five paying customers" });
    await setStatus(ana, f, f.pointIds[0]![0]!, "observed");
    await setStatus(ana, f, f.pointIds[1]![0]!, "not_started", { targetReviewMonth: "2026-11" });
    await moveVbuToLane(admin, { vbuId: f.vbuId, lane: "sell", version: (await canvasRow(f.canvasId)).version });
    await reorderTheses(
      ana,
      reorderThesesSchema.parse({
        vbuId: f.vbuId,
        previousOrder: f.thesisIds.join(","),
        order: [...f.thesisIds].reverse().join(","),
      }),
    );
    await editThesis(ana, {
      vbuId: f.vbuId,
      thesisId: f.thesisIds[1]!,
      text: "Support scales cheaply",
      previous: thesisFingerprint({ text: "Support scales" }),
    });
    await reassignGm(admin, { vbuId: f.vbuId, gmId: await idOf("ben") });

    const page = await getHistory(viewer, f.vbuId, {}, NOW);
    expect(page.vbu).toEqual({ id: f.vbuId, name: f.vbuName, deleted: false });
    const list = entries(page);
    const mine = list.filter((e) => e.who !== "System (tests)");
    expect(mine.map(sentence)).toEqual([
      "Morgan Ellis changed the GM",
      "Ana Silva changed thesis 1",
      "Ana Silva moved thesis “Buyers pay for speed” from position 1 to 2",
      "Ana Silva moved thesis “Support scales cheaply” from position 2 to 1",
      "Morgan Ellis moved the VBU to Sell",
      "Ana Silva changed proof point “Tickets halve”",
      "Ana Silva changed proof point “Pilot signs”",
      "Ana Silva changed Primary focus",
    ]);
    expect(mine[0]!.details).toEqual([{ kind: "values", label: "GM", before: "Ana Silva", after: "Ben Okafor" }]);
    expect(mine[1]!.details).toEqual([
      {
        kind: "words",
        label: "Text",
        change: "edited",
        words: [
          { kind: "same", text: "Support scales " },
          { kind: "added", text: "cheaply" },
        ],
      },
    ]);
    expect(mine[4]!.details).toEqual([{ kind: "values", label: "Lifecycle lane", before: "Build", after: "Sell" }]);
    expect(mine[5]!.details).toEqual([
      { kind: "values", label: "Target review month", before: "none", after: "November 2026" },
    ]);
    expect(mine[6]!.details).toEqual([{ kind: "values", label: "Status", before: "In progress", after: "Observed" }]);
    expect(mine[7]!.details).toEqual([
      {
        kind: "words",
        label: "Primary focus",
        change: "edited",
        words: [
          { kind: "same", text: "Win the first " },
          { kind: "removed", text: "three" },
          { kind: "added", text: "five paying" },
          { kind: "same", text: " customers" },
        ],
      },
    ]);
    // The fixture's own rows, written by the tests' system actor: added, oldest last.
    expect(list.at(-1)).toMatchObject({ who: "System (tests)", verb: "created", what: `the VBU “${f.vbuName}”` });
    expect(list.map(sentence)).toContain("System (tests) added proof point “Pilot signs” to thesis 2");
    // Grouped by UTC day, every entry once.
    expect(page.days.map((d) => d.day)).toEqual([...new Set(list.map((e) => e.at.slice(0, 10)))]);
    expect(page.nextCursor).toBeNull();
    // The filter choices: the fields that changed, the canvas's theses and proof points, the people.
    expect(page.choices.fields.map((c) => c.value)).toEqual(
      expect.arrayContaining(["primary_focus", "status", "lifecycle_lane", "gm_id", "order", "text"]),
    );
    // No review or evidence here: their fields are not offered.
    expect(page.choices.fields.map((c) => c.value)).not.toContain("health");
    expect(page.choices.fields.map((c) => c.value)).not.toContain("filename");
    expect(page.choices.people).toEqual(
      [
        { value: admin.id, label: "Morgan Ellis" },
        { value: ana.id, label: "Ana Silva" },
      ].sort((a, b) => a.label.localeCompare(b.label)),
    );
    expect(page.choices.theses.map((c) => c.label)).toEqual([
      "Thesis 1: Support scales cheaply",
      "Thesis 2: Buyers pay for speed",
    ]);
    expect(page.choices.proofPoints.map((c) => c.label)).toEqual([
      "Tickets halve (thesis 1)",
      "Pilot signs (thesis 2)",
    ]);
    // The canvas page's section: the same newest entries.
    const latest = await getLatestHistory(f.vbuId, 3);
    expect(latest.map(sentence)).toEqual(mine.slice(0, 3).map(sentence));
  });

  it("reads evidence, currently testing, moved proof points and monthly reviews as sentences", async () => {
    const f = await newCanvas();
    const pilot = f.pointIds[0]![0]!;
    await createEvidence(getDb(), { proofPointId: pilot, filename: "x.pdf", uploadedBy: ana.id });
    await setCurrentlyTesting(
      ana,
      setCurrentlyTestingSchema.parse({ vbuId: f.vbuId, target: `thesis:${f.thesisIds[1]}` }),
    );
    await setCurrentlyTesting(ana, setCurrentlyTestingSchema.parse({ vbuId: f.vbuId, target: `proof_point:${pilot}` }));
    await save(admin, f, { portfolioNotes: "Watch churn" });
    const review = await publishedReview(ana, f.vbuId, "2026-11");
    await acknowledgeReview(admin, acknowledgeReviewSchema.parse({ reviewId: review.id, comment: "Keep going" }));
    // A proof point moved to another thesis (straight in the database: no app write moves one).
    await actAsAndRun(ana, async (tx) => {
      await tx.update(proofPoints).set({ thesisId: f.thesisIds[1]! }).where(eq(proofPoints.id, pilot));
    });

    const list = entries(await getHistory(viewer, f.vbuId, {}, NOW));
    const mine = list.filter((e) => e.who !== "System (tests)");
    expect(mine.map((e) => [sentence(e), e.details])).toEqual([
      ["Ana Silva moved proof point “Pilot signs” to thesis 2", []],
      [
        "Morgan Ellis acknowledged the November 2026 review",
        [
          {
            kind: "words",
            label: "Acknowledgement comment",
            change: "written",
            words: [{ kind: "added", text: "Keep going" }],
          },
        ],
      ],
      [
        "Ana Silva published the November 2026 review",
        [{ kind: "values", label: "Health", before: "none", after: "At risk" }],
      ],
      [
        "Morgan Ellis changed Portfolio notes",
        [
          {
            kind: "words",
            label: "Portfolio notes",
            change: "written",
            words: [{ kind: "added", text: "Watch churn" }],
          },
        ],
      ],
      [
        "Ana Silva changed Currently testing",
        [
          {
            kind: "values",
            label: "Currently testing",
            before: "thesis 2: Support scales",
            after: "proof point “Pilot signs” of thesis 2",
          },
        ],
      ],
      [
        "Ana Silva changed Currently testing",
        [{ kind: "values", label: "Currently testing", before: "none", after: "thesis 2: Support scales" }],
      ],
    ]);
    expect(list.map(sentence)).toContain("System (tests) added evidence “x.pdf” to “Pilot signs”");
    // The thesis filter takes in its proof points' evidence.
    const ofThesis1 = entries(await getHistory(viewer, f.vbuId, { thesis: f.thesisIds[0]! }, NOW)).map(sentence);
    expect(ofThesis1).toContain("System (tests) added evidence “x.pdf” to “Pilot signs”");
    expect(ofThesis1).toContain("Ana Silva moved proof point “Pilot signs” to thesis 2");
  });

  it("filters by field, thesis, proof point and person", async () => {
    const f = await newCanvas();
    await save(ana, f, { primaryFocus: "New focus" });
    await setStatus(ana, f, f.pointIds[0]![0]!, "observed");
    await setStatus(admin, f, f.pointIds[1]![0]!, "stalled");
    const read = async (params: Record<string, string>) =>
      entries(await getHistory(viewer, f.vbuId, params, NOW)).map(sentence);

    expect(await read({ field: "primary_focus" })).toEqual([
      "Ana Silva changed Primary focus",
      "System (tests) added the canvas",
    ]);
    expect(await read({ field: "status" })).toEqual([
      "Morgan Ellis changed proof point “Tickets halve”",
      "Ana Silva changed proof point “Pilot signs”",
      "System (tests) added proof point “Tickets halve” to thesis 2",
      "System (tests) added proof point “Pilot signs” to thesis 1",
    ]);
    expect(await read({ thesis: f.thesisIds[0]! })).toEqual([
      "Ana Silva changed proof point “Pilot signs”",
      "System (tests) added proof point “Pilot signs” to thesis 1",
      "System (tests) added thesis 1",
    ]);
    expect(await read({ point: f.pointIds[1]![0]! })).toEqual([
      "Morgan Ellis changed proof point “Tickets halve”",
      "System (tests) added proof point “Tickets halve” to thesis 2",
    ]);
    expect(await read({ person: ana.id })).toEqual([
      "Ana Silva changed proof point “Pilot signs”",
      "Ana Silva changed Primary focus",
    ]);
    expect(await read({ person: ana.id, field: "status" })).toEqual(["Ana Silva changed proof point “Pilot signs”"]);
    const filtered = await getHistory(viewer, f.vbuId, { point: f.pointIds[0]![0]! }, NOW);
    expect(filtered.filters).toEqual({ proofPointId: f.pointIds[0]![0]! });
    expect(filtered.statusHistory?.periods.map((p) => p.label)).toEqual(["In progress", "Observed"]);
  });

  it("ignores hostile or unknown parameters instead of failing", async () => {
    const f = await newCanvas();
    const all = entries(await getHistory(viewer, f.vbuId, {}, NOW)).map((e) => e.id);
    for (const params of [
      { field: "x'; DROP TABLE change_history; --", thesis: "nope", point: "1 OR 1=1", person: "'" },
      { before: "-1" },
      { before: "abc" },
      { before: "1e400" },
      { before: "99999999999999999999" },
      { field: ["status", "primary_focus"], unknown: "1" },
      { field: "currently_testing_type" },
      { person: ["not-a-uuid"] },
    ]) {
      const page = await getHistory(viewer, f.vbuId, params, NOW);
      const ids = entries(page).map((e) => e.id);
      if (Array.isArray(params.field)) expect(page.filters).toEqual({ field: "status" });
      else expect({ params, ids, filters: page.filters }).toEqual({ params, ids: all, filters: {} });
    }
    expect(parseHistoryParams(null)).toEqual({ filters: {}, cursor: null });
    expect(parseHistoryParams("nonsense")).toEqual({ filters: {}, cursor: null });
    expect(parseHistoryParams({ before: "42" })).toEqual({ filters: {}, cursor: 42 });
  });

  it("pages 250 entries newest first by cursor, with no entry lost or repeated", async () => {
    const f = await newCanvas();
    await insertEntries(f.vbuId, 250);
    const expected = (
      await getDb().select({ id: changeHistory.id }).from(changeHistory).where(eq(changeHistory.vbuId, f.vbuId))
    )
      .map((r) => r.id)
      .sort((a, b) => b - a);
    expect(expected.length).toBeGreaterThan(250);
    const seen: number[] = [];
    let cursor: number | null = null;
    let pages = 0;
    do {
      const page: HistoryPage = await getHistory(
        viewer,
        f.vbuId,
        cursor === null ? {} : { before: String(cursor) },
        NOW,
      );
      const ids = entries(page).map((e) => e.id);
      expect(ids.length).toBeLessThanOrEqual(50);
      seen.push(...ids);
      cursor = page.nextCursor;
      if (cursor !== null) expect(cursor).toBe(ids.at(-1));
      pages++;
    } while (cursor !== null && pages < 20);
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 50));
  });

  it("costs the same queries for a page of 10 entries as for one of 300", async () => {
    const small = await newCanvas();
    const large = await newCanvas();
    await insertEntries(small.vbuId, 10);
    await insertEntries(large.vbuId, 300, {
      subject: "proof_point",
      subjectId: large.pointIds[0]![0]!,
      proofPointId: large.pointIds[0]![0]!,
      thesisId: large.thesisIds[0]!,
      changes: { status: ["in_progress", "observed"], gm_id: [ana.id, admin.id] },
    });
    const count = async (vbuId: string, params: Record<string, string>, pageSize: number) =>
      (await countingQueries(database.current(), () => getHistory(viewer, vbuId, params, NOW, { pageSize }))).queries
        .length;
    expect(await count(large.vbuId, {}, 300)).toBe(await count(small.vbuId, {}, 300));
    expect(await count(large.vbuId, { point: large.pointIds[0]![0]! }, 300)).toBe(
      await count(small.vbuId, { point: small.pointIds[0]![0]! }, 300),
    );
    const latest = await countingQueries(database.current(), () => getLatestHistory(large.vbuId));
    expect(latest.queries).toHaveLength(2);
    expect(latest.result[0]!.details).toEqual([
      { kind: "values", label: "Status", before: "In progress", after: "Observed" },
    ]);
  });

  it("keeps a deleted VBU's history for admins, under its last name, and hides it from others", async () => {
    const f = await newCanvas();
    await save(ana, f, { primaryFocus: "Last focus" });
    await deleteVbu(admin, f.vbuId);
    const page = await getHistory(admin, f.vbuId, {}, NOW);
    expect(page.vbu).toEqual({ id: f.vbuId, name: f.vbuName, deleted: true });
    const list = entries(page).map(sentence);
    expect(list).toContain(`Morgan Ellis deleted the VBU “${f.vbuName}”`);
    expect(list).toContain("Ana Silva changed Primary focus");
    expect(list).toContain("Morgan Ellis deleted proof point “Pilot signs” from a deleted thesis");
    for (const reader of [ana, viewer]) {
      await expect(getHistory(reader, f.vbuId, {}, NOW)).rejects.toBeInstanceOf(NotFoundError);
    }
    await expect(getHistory(admin, randomUUID(), {}, NOW)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("builds the page query by keyset on (vbu_id, id), newest first", () => {
    const { sql, params } = historyPageQuery(getDb(), "00000000-0000-4000-8000-000000000000", {}, 99, 51).toSQL();
    expect(sql).toMatch(/"change_history"\."vbu_id" = \$\d+ and "change_history"\."id" < \$\d+/);
    expect(sql).toMatch(/order by "change_history"\."id" desc limit \$\d+$/);
    expect(params).toEqual(["00000000-0000-4000-8000-000000000000", 99, 51]);
  });

  it("tells how long a proof point spent in each status, from entries at known times", async () => {
    const f = await newCanvas();
    const point = randomUUID();
    const day = (d: number) => new Date(Date.UTC(2026, 9, d, 9, 0, 0));
    const entry = (at: Date, action: string, changes: Record<string, [unknown, unknown]>) => ({
      at,
      action,
      changes,
      subject: "proof_point",
      subjectId: point,
      proofPointId: point,
    });
    for (const values of [
      entry(day(1), "added", { description: [null, "Timed"], status: [null, "not_started"] }),
      entry(day(4), "changed", { status: ["not_started", "in_progress"] }),
      entry(day(5), "changed", { description: ["Timed", "Timed again"] }),
      entry(day(14), "changed", { status: ["in_progress", "stalled"] }),
      entry(day(20), "changed", { status: ["stalled", "in_progress"] }),
    ]) {
      await insertEntries(f.vbuId, 1, values);
    }
    const now = new Date(Date.UTC(2026, 9, 30, 8, 0, 0)); // 9 days 23 hours after the last change
    const history = await proofPointStatusHistory(getDb(), point, now);
    expect(history.periods).toEqual([
      {
        status: "not_started",
        label: "Not started",
        since: day(1).toISOString(),
        until: day(4).toISOString(),
        days: 3,
      },
      {
        status: "in_progress",
        label: "In progress",
        since: day(4).toISOString(),
        until: day(14).toISOString(),
        days: 10,
      },
      { status: "stalled", label: "Stalled", since: day(14).toISOString(), until: day(20).toISOString(), days: 6 },
      { status: "in_progress", label: "In progress", since: day(20).toISOString(), until: null, days: 9 },
    ]);
    expect(history.totals).toEqual({ not_started: 3, in_progress: 19, stalled: 6 });

    // One whose history began after it was made: its first status has no known start.
    const older = randomUUID();
    await insertEntries(f.vbuId, 1, {
      ...entry(day(10), "changed", { status: ["observed", "stalled"] }),
      subjectId: older,
      proofPointId: older,
    });
    await insertEntries(f.vbuId, 1, {
      ...entry(day(12), "deleted", { description: ["Gone", null], status: ["stalled", null] }),
      subjectId: older,
      proofPointId: older,
    });
    expect(await proofPointStatusHistory(getDb(), older, now)).toEqual({
      periods: [
        { status: "observed", label: "Observed", since: null, until: day(10).toISOString(), days: null },
        { status: "stalled", label: "Stalled", since: day(10).toISOString(), until: day(12).toISOString(), days: 2 },
      ],
      totals: { stalled: 2 },
    });
  });
});
