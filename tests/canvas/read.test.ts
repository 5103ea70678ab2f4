// The canvas page's read (lib/canvas/read.ts): what it answers, who may edit, and that it
// costs the same few queries whatever the canvas holds.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { attachments, canvases, proofPoints, vbus } from "../../db/schema";
import { DEMO_VBUS } from "../../db/seed";
import type { Actor } from "../../lib/auth/roles";
import { proofPointFingerprint, thesisFingerprint } from "../../lib/canvas/fingerprint";
import { getCanvasPage, readCanvasSnapshot } from "../../lib/canvas/read";
import { NotFoundError } from "../../lib/errors";
import { canvasStatements } from "../../scripts/bench-queries";
import { latestPublishedReview } from "../../lib/reviews/read";
import { useSeededAppDatabase } from "../support/app-database";
import { countingQueries } from "../support/counting";
import { ENGINES } from "../support/database";
import { type DemoKey, idOf, actorOf } from "../support/session";
import { insertCanvas, pointAt, type SeededCanvas, type ThesisSeed } from "./support";

// ---------------------------------------------------------------------------- factories

const UPDATED_AT = new Date("2024-03-04T05:06:07.000Z");
const VERSION_SAVED_AT = new Date("2024-03-01T08:09:10.000Z");

/**
 * A new VBU of `gm` with a canvas whose version `gm` saved, and the theses given. The admin
 * changed the canvas last (a thesis edit, say): that moves updated_*, not the version.
 */
async function newCanvas(gm: DemoKey, thesisSeeds: ThesisSeed[] = []): Promise<SeededCanvas> {
  return insertCanvas({
    gm,
    values: {
      productName: "Product",
      lifecycleLane: "milk",
      successDescription: "Success",
      futureStateIntent: null,
      primaryFocus: "Focus",
      resistDoing: "Resist",
      goodDiscipline: null,
      primaryConstraint: "Constraint",
      portfolioNotes: "Notes",
      version: 4,
      versionSavedAt: VERSION_SAVED_AT,
      versionSavedBy: await idOf(gm),
      updatedAt: UPDATED_AT,
      updatedBy: await idOf("admin"),
    },
    theses: thesisSeeds,
  });
}

// ---------------------------------------------------------------------------- tests

describe.each(ENGINES)("canvas reads on %s", (engine) => {
  const database = useSeededAppDatabase(engine);
  let ana: Actor;
  let ben: Actor;
  let admin: Actor;
  let viewer: Actor;
  beforeAll(async () => {
    [ana, ben, admin, viewer] = await Promise.all([
      actorOf("ana"),
      actorOf("ben"),
      actorOf("admin"),
      actorOf("viewer"),
    ]);
  });

  it("answers the canvas fields, the theses in order with their proof points, and who saved last", async () => {
    const f = await newCanvas("ana", [
      ["First thesis", [{ description: "P1a", status: "observed", evidenceNote: "Seen", month: "2026-02" }]],
      ["Second thesis", []],
      [
        "Third thesis",
        [
          { description: "P3a", status: "stalled" },
          { description: "P3b", status: "in_progress", month: "2030-12" },
        ],
      ],
    ]);
    const [[p1a], , [p3a, p3b]] = f.pointIds as [[string], [], [string, string]];

    const page = await getCanvasPage(viewer, f.vbuId);

    expect(page).toEqual({
      vbu: { id: f.vbuId, name: f.vbuName, gmName: "Ana Silva" },
      values: {
        productName: "Product",
        lifecycleLane: "milk",
        successDescription: "Success",
        futureStateIntent: null,
        primaryFocus: "Focus",
        resistDoing: "Resist",
        goodDiscipline: null,
        primaryConstraint: "Constraint",
        portfolioNotes: "Notes",
      },
      version: 4,
      updatedAt: UPDATED_AT.toISOString(),
      updatedByName: "Morgan Ellis",
      theses: [
        {
          id: f.thesisIds[0],
          order: 1,
          text: "First thesis",
          fingerprint: thesisFingerprint({ text: "First thesis" }),
          proofPoints: [
            {
              id: p1a,
              description: "P1a",
              status: "observed",
              evidenceNote: "Seen",
              targetReviewMonth: "2026-02",
              fingerprint: proofPointFingerprint({
                description: "P1a",
                status: "observed",
                evidenceNote: "Seen",
                targetReviewMonth: "2026-02-01",
              }),
              overdue: false,
              attachments: [],
            },
          ],
        },
        {
          id: f.thesisIds[1],
          order: 2,
          text: "Second thesis",
          fingerprint: thesisFingerprint({ text: "Second thesis" }),
          proofPoints: [],
        },
        {
          id: f.thesisIds[2],
          order: 3,
          text: "Third thesis",
          fingerprint: thesisFingerprint({ text: "Third thesis" }),
          proofPoints: [
            {
              id: p3a,
              description: "P3a",
              status: "stalled",
              evidenceNote: null,
              targetReviewMonth: null,
              fingerprint: proofPointFingerprint({
                description: "P3a",
                status: "stalled",
                evidenceNote: null,
                targetReviewMonth: null,
              }),
              overdue: false,
              attachments: [],
            },
            {
              id: p3b,
              description: "P3b",
              status: "in_progress",
              evidenceNote: null,
              targetReviewMonth: "2030-12",
              fingerprint: proofPointFingerprint({
                description: "P3b",
                status: "in_progress",
                evidenceNote: null,
                targetReviewMonth: "2030-12-01",
              }),
              overdue: false,
              attachments: [],
            },
          ],
        },
      ],
      currentlyTesting: null,
      canEdit: false,
      canEditPortfolioNotes: false,
    });
  });

  it("nests each proof point's evidence files under it, oldest first, uploader named", async () => {
    const f = await newCanvas("ana", [
      [
        "Thesis with evidence",
        [{ description: "Two files" }, { description: "No files" }, { description: "One file" }],
      ],
      ["Thesis without proof points", []],
    ]);
    const [[twoFiles, noFiles, oneFile]] = f.pointIds as [[string, string, string]];
    const file = (proofPointId: string, filename: string, uploader: string, at: string) => ({
      proofPointId,
      filename,
      storagePath: `test/${randomUUID()}`,
      contentType: "text/csv",
      sizeBytes: filename.length,
      uploadedBy: uploader,
      createdAt: new Date(at),
    });
    const [anaId, adminId] = [await idOf("ana"), await idOf("admin")];
    const inserted = await getDb()
      .insert(attachments)
      .values([
        file(twoFiles, "second.csv", adminId, "2026-01-02T00:00:00Z"),
        file(oneFile, "only.csv", anaId, "2026-01-03T00:00:00Z"),
        file(twoFiles, "first.csv", anaId, "2026-01-01T00:00:00Z"),
      ])
      .returning({ id: attachments.id, filename: attachments.filename });
    const idOfFile = (name: string) => inserted.find((a) => a.filename === name)!.id;

    const page = await getCanvasPage(ana, f.vbuId);
    const [withEvidence, withoutPoints] = page.theses;
    expect(
      withEvidence!.proofPoints.map((p) => [p.id, p.attachments.map((a) => [a.filename, a.uploaderName])]),
    ).toEqual([
      [
        twoFiles,
        [
          ["first.csv", "Ana Silva"],
          ["second.csv", "Morgan Ellis"],
        ],
      ],
      [noFiles, []],
      [oneFile, [["only.csv", "Ana Silva"]]],
    ]);
    expect(withEvidence!.proofPoints[0]!.attachments[0]).toEqual({
      id: idOfFile("first.csv"),
      proofPointId: twoFiles,
      filename: "first.csv",
      label: null,
      contentType: "text/csv",
      sizeBytes: 9,
      hasThumbnail: false,
      uploaderName: "Ana Silva",
      createdAt: "2026-01-01T00:00:00.000Z",
    });
    expect(withoutPoints).toMatchObject({ text: "Thesis without proof points", proofPoints: [] });
  });

  it("lists proof points and evidence added at the same moment in the order they were added, not by id", async () => {
    const f = await newCanvas("ana", [["Thesis", []]]);
    const [thesisId] = f.thesisIds as [string];
    const at = new Date("2026-02-03T04:05:06Z"); // one transaction's now(), as a seed gives every row
    const ids = [randomUUID(), randomUUID(), randomUUID()].sort().reverse(); // ids against the order
    await getDb()
      .insert(proofPoints)
      .values(ids.map((id, i) => ({ id, thesisId, description: `Added ${i + 1}`, createdAt: at })));
    const anaId = await idOf("ana");
    await getDb()
      .insert(attachments)
      .values(
        ids.map((id, i) => ({
          id,
          proofPointId: ids[0]!,
          filename: `added-${i + 1}.csv`,
          storagePath: `test/${randomUUID()}`,
          contentType: "text/csv",
          sizeBytes: 1,
          uploadedBy: anaId,
          createdAt: at,
        })),
      );
    const [thesis] = (await getCanvasPage(ana, f.vbuId)).theses;
    expect(thesis!.proofPoints.map((p) => p.description)).toEqual(["Added 1", "Added 2", "Added 3"]);
    expect(thesis!.proofPoints[0]!.attachments.map((a) => a.filename)).toEqual([
      "added-1.csv",
      "added-2.csv",
      "added-3.csv",
    ]);
  });

  it("answers an empty canvas with no theses and no last editor", async () => {
    const f = await newCanvas("ben");
    await getDb().update(canvases).set({ updatedBy: null }).where(eq(canvases.id, f.canvasId));
    const page = await getCanvasPage(ben, f.vbuId);
    expect(page).toMatchObject({ theses: [], currentlyTesting: null, updatedByName: null, canEdit: true });
  });

  it("reads a seeded canvas: Clearwater Utilities and its five theses in order", async () => {
    const seed = DEMO_VBUS.find((v) => v.name === "Clearwater Utilities")!;
    const [row] = await getDb().select({ id: vbus.id }).from(vbus).where(eq(vbus.name, seed.name));
    const page = await getCanvasPage(viewer, row!.id);
    expect(page.vbu).toMatchObject({ name: "Clearwater Utilities", gmName: "Chloé Martin" });
    expect(page.values.productName).toBe(seed.product);
    expect(page.theses.map((t) => [t.order, t.text, t.proofPoints.length])).toEqual(
      seed.theses.map(([text, points], i) => [i + 1, text, points.length]),
    );
  });

  it("labels what the canvas is currently testing: a thesis by its number, a proof point by its thesis's", async () => {
    const f = await newCanvas("ana", [
      ["Alpha", [{ description: "Alpha proof" }]],
      ["Beta", [{ description: "Beta proof 1" }, { description: "Beta proof 2" }]],
    ]);
    await pointAt(f.canvasId, "thesis", f.thesisIds[1]!);
    expect((await getCanvasPage(ana, f.vbuId)).currentlyTesting).toEqual({
      type: "thesis",
      id: f.thesisIds[1],
      label: "Thesis 2: Beta",
    });
    await pointAt(f.canvasId, "proof_point", f.pointIds[1]![1]!);
    expect((await getCanvasPage(ana, f.vbuId)).currentlyTesting).toEqual({
      type: "proof_point",
      id: f.pointIds[1]![1],
      label: "Proof point of thesis 2: Beta proof 2",
    });
    await pointAt(f.canvasId, "proof_point", f.pointIds[0]![0]!);
    expect((await getCanvasPage(ana, f.vbuId)).currentlyTesting?.label).toBe("Proof point of thesis 1: Alpha proof");
  });

  it("says who may edit: the VBU's GM and admins; only admins write portfolio notes", async () => {
    const f = await newCanvas("ana", [["Only thesis", []]]);
    const rights = async (actor: Actor) => {
      const { canEdit, canEditPortfolioNotes } = await getCanvasPage(actor, f.vbuId);
      return { canEdit, canEditPortfolioNotes };
    };
    expect(await rights(ana)).toEqual({ canEdit: true, canEditPortfolioNotes: false });
    expect(await rights(admin)).toEqual({ canEdit: true, canEditPortfolioNotes: true });
    expect(await rights(viewer)).toEqual({ canEdit: false, canEditPortfolioNotes: false });
    expect(await rights(ben)).toEqual({ canEdit: false, canEditPortfolioNotes: false });
  });

  it("answers NotFoundError for an unknown VBU", async () => {
    await expect(getCanvasPage(admin, randomUUID())).rejects.toBeInstanceOf(NotFoundError);
  });

  it("readCanvasSnapshot answers the saved values, version, and who (by id and name) saved that version when; NotFoundError for an unknown canvas", async () => {
    const f = await newCanvas("ana");
    expect(await readCanvasSnapshot(f.canvasId)).toEqual({
      values: {
        productName: "Product",
        lifecycleLane: "milk",
        successDescription: "Success",
        futureStateIntent: null,
        primaryFocus: "Focus",
        resistDoing: "Resist",
        goodDiscipline: null,
        primaryConstraint: "Constraint",
        portfolioNotes: "Notes",
      },
      version: 4,
      savedAt: VERSION_SAVED_AT.toISOString(),
      savedById: ana.id,
      savedByName: "Ana Silva",
    });
    await expect(readCanvasSnapshot(randomUUID())).rejects.toBeInstanceOf(NotFoundError);
  });

  it("issues the same few queries whatever the canvas holds", async () => {
    const small = await newCanvas("ana", [["One", [{ description: "One proof" }]]]);
    const full = await newCanvas(
      "ana",
      Array.from({ length: 5 }, (_, t): ThesisSeed => [
        `Thesis ${t + 1}`,
        Array.from({ length: 4 }, (__, p) => ({ description: `Proof ${t + 1}.${p + 1}`, month: "2026-07" })),
      ]),
    );
    await pointAt(full.canvasId, "proof_point", full.pointIds[4]![3]!);
    const empty = await newCanvas("ana");

    const smallRead = await countingQueries(database.current(), () => getCanvasPage(ana, small.vbuId));
    const fullRead = await countingQueries(database.current(), () => getCanvasPage(ana, full.vbuId));
    const emptyRead = await countingQueries(database.current(), () => getCanvasPage(ana, empty.vbuId));

    // The swapped-in database really served the reads.
    expect(fullRead.result.theses.flatMap((t) => t.proofPoints)).toHaveLength(20);
    expect(fullRead.result.currentlyTesting?.label).toBe("Proof point of thesis 5: Proof 5.4");
    expect(smallRead.queries.length).toBeGreaterThan(0);
    expect(fullRead.queries).toHaveLength(smallRead.queries.length);
    // The VBU and canvas; the theses joined to their proof points and evidence files.
    expect(fullRead.queries).toHaveLength(2);
    expect(emptyRead.queries).toHaveLength(2);
    // The very SQL the bench builds from the same query builders and times bare (scripts/bench-queries.ts).
    const bench = canvasStatements(full.vbuId);
    expect([...fullRead.queries].sort()).toEqual([bench.canvas.sql, bench.contents.sql].sort());
    // The page's third: the pointer to the latest published review, one query whatever the VBU has.
    const latest = await countingQueries(database.current(), () => latestPublishedReview(full.vbuId));
    expect(latest.queries).toEqual([bench.latestReview.sql]);
  });
});
