// What deleting a thesis or a proof point says, before (the question) and after (the message),
// and that the delete counts what went with it inside its transaction: proof points, evidence
// files, and whether it cleared what the canvas was testing.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { newStoragePath } from "../../lib/attachments/storage";
import { attachments } from "../../db/schema";
import type { Actor } from "../../lib/auth/roles";
import {
  proofPointDeletedMessage,
  proofPointDeleteQuestion,
  thesisDeletedMessage,
  thesisDeleteQuestion,
} from "../../lib/canvas/deletion";
import { deleteProofPoint, deleteThesis } from "../../lib/canvas/write";
import { useSeededAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { actorOf, idOf } from "../support/session";
import { canvasRow, insertCanvas, pointAt } from "./support";

describe("the words of a delete", () => {
  it("asks what goes with a thesis, and says what the canvas stops testing", () => {
    expect(thesisDeleteQuestion({ order: 1, proofPoints: 0, files: 0, wasTesting: null })).toBe("Delete thesis 1?");
    expect(thesisDeleteQuestion({ order: 2, proofPoints: 3, files: 2, wasTesting: "itself" })).toBe(
      "Delete thesis 2? This also deletes its 3 proof points and 2 evidence files. " +
        "This is what the canvas is testing now; deleting it clears that.",
    );
    expect(thesisDeleteQuestion({ order: 4, proofPoints: 1, files: 0, wasTesting: "a proof point" })).toBe(
      "Delete thesis 4? This also deletes its 1 proof point. " +
        "One of its proof points is what the canvas is testing now; deleting it clears that.",
    );
    expect(proofPointDeleteQuestion({ proofPoints: 0, files: 1, wasTesting: "itself" })).toBe(
      "Delete this proof point? This also deletes its 1 evidence file. " +
        "This is what the canvas is testing now; deleting it clears that.",
    );
    expect(proofPointDeleteQuestion({ proofPoints: 0, files: 0, wasTesting: null })).toBe("Delete this proof point?");
  });

  it("says afterwards what went", () => {
    expect(thesisDeletedMessage({ order: 2, proofPoints: 3, files: 2, wasTesting: "a proof point" })).toBe(
      "Thesis 2 deleted, with 3 proof points and 2 evidence files. Nothing is being tested now.",
    );
    expect(thesisDeletedMessage({ order: 1, proofPoints: 0, files: 0, wasTesting: null })).toBe("Thesis 1 deleted.");
    expect(proofPointDeletedMessage({ description: "Renewals", proofPoints: 0, files: 2, wasTesting: null })).toBe(
      "Proof point “Renewals” deleted, with 2 evidence files.",
    );
  });
});

describe.each(ENGINES)("deletes answer what went with them on %s", (engine) => {
  useSeededAppDatabase(engine);
  let ana: Actor;
  beforeAll(async () => {
    ana = await actorOf("ana");
  });

  async function addFiles(proofPointId: string, n: number) {
    const uploadedBy = await idOf("ana");
    for (let i = 0; i < n; i++) {
      await getDb()
        .insert(attachments)
        .values({
          proofPointId,
          filename: `file-${i}.csv`,
          storagePath: newStoragePath(), // no file behind it: removing none is not an error
          contentType: "text/csv",
          sizeBytes: 1,
          uploadedBy,
        });
    }
  }

  it("a thesis: its proof points, their files, and the pointer at one of them", async () => {
    const f = await insertCanvas({
      gm: "ana",
      theses: [
        ["First", []],
        ["Second", [{ description: "A" }, { description: "B" }, { description: "C" }]],
      ],
    });
    await addFiles(f.pointIds[1]![0]!, 1);
    await addFiles(f.pointIds[1]![2]!, 1);
    await pointAt(f.canvasId, "proof_point", f.pointIds[1]![1]!);
    expect(await deleteThesis(ana, { vbuId: f.vbuId, thesisId: f.thesisIds[1]! })).toEqual({
      order: 2,
      proofPoints: 3,
      files: 2,
      wasTesting: "a proof point",
    });
    expect((await canvasRow(f.canvasId)).currentlyTestingId).toBeNull();
  });

  it("a thesis tested itself, and one that is not tested", async () => {
    const f = await insertCanvas({
      gm: "ana",
      theses: [
        ["First", []],
        ["Second", []],
      ],
    });
    await pointAt(f.canvasId, "thesis", f.thesisIds[0]!);
    expect(await deleteThesis(ana, { vbuId: f.vbuId, thesisId: f.thesisIds[1]! })).toEqual({
      order: 2,
      proofPoints: 0,
      files: 0,
      wasTesting: null,
    });
    expect((await canvasRow(f.canvasId)).currentlyTestingId).toBe(f.thesisIds[0]);
    expect(await deleteThesis(ana, { vbuId: f.vbuId, thesisId: f.thesisIds[0]! })).toMatchObject({
      order: 1,
      wasTesting: "itself",
    });
  });

  it("a proof point: its files and the pointer at it", async () => {
    const f = await insertCanvas({
      gm: "ana",
      theses: [["First", [{ description: "Renewals" }, { description: "B" }]]],
    });
    await addFiles(f.pointIds[0]![0]!, 2);
    await pointAt(f.canvasId, "proof_point", f.pointIds[0]![0]!);
    expect(await deleteProofPoint(ana, { vbuId: f.vbuId, proofPointId: f.pointIds[0]![1]! })).toEqual({
      description: "B",
      proofPoints: 0,
      files: 0,
      wasTesting: null,
    });
    expect(await deleteProofPoint(ana, { vbuId: f.vbuId, proofPointId: f.pointIds[0]![0]! })).toEqual({
      description: "Renewals",
      proofPoints: 0,
      files: 2,
      wasTesting: "itself",
    });
    expect((await canvasRow(f.canvasId)).currentlyTestingId).toBeNull();
  });
});
