// Deleting what evidence hangs off (a proof point, a thesis, a whole VBU) cascades to the
// attachment rows in the database; the AFTER DELETE trigger queues their storage paths and the
// purge after commit removes exactly those files. A spy on the storage checks each file goes
// only once its row is gone for everyone (after commit), and nothing else goes.
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deleteVbuAction } from "../../app/admin/vbus/actions";
import { deleteProofPointAction, deleteThesisAction } from "../../app/vbus/[id]/actions";
import { getDb } from "../../db/client";
import { attachments } from "../../db/schema";
import { deleteVbu } from "../../lib/admin/vbus";
import { type AttachmentStorage, getStorage, newStoragePath, thumbnailPath } from "../../lib/attachments/storage";
import { deleteProofPoint } from "../../lib/canvas/write";
import { useSeededAppDatabase } from "../support/app-database";
import { run, signInAs, actorOf } from "../support/session";
import { CSV, GIF, PDF, PNG } from "./fixtures";
import {
  attachmentRows,
  canvasOf,
  expectConsistent,
  installStorage,
  outbox,
  storedFiles,
  uploaded,
  useTempStorage,
  ENGINES_AND_DRIVERS,
} from "./support";

interface Removal {
  path: string;
  /** Whether a reader outside the deleting transaction could still see the row then. */
  rowVisible: boolean;
}

/** The suite's storage, recording every removal and whether its row was still visible then. */
function spyOn(real: AttachmentStorage): { storage: AttachmentStorage; removals: Removal[] } {
  const removals: Removal[] = [];
  const storage: AttachmentStorage = {
    stage: (body, max) => real.stage(body, max),
    commit: (staged, path, thumbnail) => real.commit(staged, path, thumbnail),
    discard: (staged) => real.discard(staged),
    open: (path) => real.open(path),
    list: () => real.list(),
    removeStagedBefore: (cutoff) => real.removeStagedBefore(cutoff),
    remove: async (path) => {
      const rows = await getDb()
        .select({ id: attachments.id })
        .from(attachments)
        .where(eq(attachments.storagePath, path));
      removals.push({ path, rowVisible: rows.length > 0 });
      await real.remove(path);
    },
  };
  return { storage, removals };
}

const BYTES = [PNG, PDF, CSV, GIF];
const NAMES = ["a.png", "b.pdf", "c.csv", "d.gif"];

describe.each(ENGINES_AND_DRIVERS)(
  "cascading deletes remove evidence files on %s with %s storage",
  (engine, driver) => {
    useSeededAppDatabase(engine);
    const storage = useTempStorage(driver);
    let spy: ReturnType<typeof spyOn>;

    /** Uploads `count` files to each proof point (as Ana, GM of all the VBUs used here); answers their storage paths. */
    async function fill(pointIds: string[], count = 2): Promise<string[]> {
      await signInAs("ana");
      const ids: string[] = [];
      for (const pointId of pointIds) {
        for (let i = 0; i < count; i++) {
          ids.push((await uploaded(pointId, BYTES[i % 4]!, { name: NAMES[i % 4]! })).id);
        }
      }
      const rows = await attachmentRows();
      return rows.filter((r) => ids.includes(r.id)).map((r) => r.storagePath);
    }

    /** After a cascade: exactly these files went, each after its row was gone, nothing left queued. */
    async function expectRemovedExactly(paths: string[], kept: string[]) {
      const removed = new Set(spy.removals.map((r) => r.path));
      expect(
        paths.filter((p) => !removed.has(p)),
        "files of deleted rows that were not removed",
      ).toEqual([]);
      expect(
        [...removed].filter((p) => !paths.includes(p)),
        "files removed that should not have been",
      ).toEqual([]);
      expect(spy.removals.filter((r) => r.rowVisible)).toEqual([]);
      const files = await storedFiles(storage.root());
      for (const path of paths) {
        expect(files).not.toContain(path);
        expect(files, "a thumbnail of a deleted file").not.toContain(thumbnailPath(path));
      }
      expect(files).toEqual(expect.arrayContaining(kept));
      expect(await outbox()).toEqual([]);
      await expectConsistent(storage.root());
    }

    let kept: string[] = [];

    beforeAll(async () => {
      // Files elsewhere in the portfolio that no cascade here may touch.
      const greenleaf = await canvasOf("Greenleaf Payroll");
      kept = await fill([greenleaf.pointIds[0]![0]!]);
    });

    beforeEach(() => {
      spy = spyOn(getStorage());
      const installed = installStorage(spy.storage);
      return () => installed.restore();
    });

    it("deleteProofPointAction removes the files of that proof point only", async () => {
      const harbor = await canvasOf("Harbor Logistics");
      const [doomedPoint, neighbour] = [harbor.pointIds[0]![0]!, harbor.pointIds[0]![1]!];
      const doomed = await fill([doomedPoint], 3);
      const alongside = await fill([neighbour]);
      spy.removals.length = 0;
      expect(await run(deleteProofPointAction, { vbuId: harbor.vbuId, proofPointId: doomedPoint })).toMatchObject({
        status: "success",
      });
      await expectRemovedExactly(doomed, [...kept, ...alongside]);
      kept.push(...alongside);
    });

    it("lib deleteProofPoint (as an admin) removes the files of that proof point", async () => {
      const harbor = await canvasOf("Harbor Logistics");
      const doomedPoint = harbor.pointIds[1]![0]!;
      const doomed = await fill([doomedPoint]);
      spy.removals.length = 0;
      await deleteProofPoint(await actorOf("admin"), { vbuId: harbor.vbuId, proofPointId: doomedPoint });
      await expectRemovedExactly(doomed, kept);
    });

    it("deleteThesisAction removes the files of every proof point of the thesis", async () => {
      const harbor = await canvasOf("Harbor Logistics");
      const thesis = harbor.thesisIds.at(-1)!;
      const points = harbor.pointIds.at(-1)!;
      expect(points.length).toBeGreaterThan(0);
      const doomed = await fill(points);
      spy.removals.length = 0;
      expect(await run(deleteThesisAction, { vbuId: harbor.vbuId, thesisId: thesis })).toMatchObject({
        status: "success",
      });
      await expectRemovedExactly(doomed, kept);
    });

    it("lib deleteVbu (as an admin) removes the files of every proof point of the VBU", async () => {
      const brightpath = await canvasOf("Brightpath Learning");
      const doomed = await fill(brightpath.pointIds.flat());
      expect(doomed.length).toBeGreaterThan(4);
      spy.removals.length = 0;
      await deleteVbu(await actorOf("admin"), brightpath.vbuId);
      await expectRemovedExactly(doomed, kept);
    });

    it("deleteVbuAction (as an admin) removes the files of every proof point of the VBU", async () => {
      const pillar = await canvasOf("Pillar HR");
      const doomed = await fill(pillar.pointIds.flat(), 1);
      spy.removals.length = 0;
      await signInAs("admin");
      expect(await run(deleteVbuAction, { vbuId: pillar.vbuId })).toBe("redirected");
      await expectRemovedExactly(doomed, kept);
    });

    it("leaves the rest of the portfolio's files in place", async () => {
      expect(await storedFiles(storage.root())).toEqual(expect.arrayContaining(kept));
      await expectConsistent(storage.root());
    });

    // Last: when it fails, the files it leaves behind would fail the check above.
    it("lib deleteVbu removes every file of a VBU with more than 1000 evidence files", async () => {
      const clearwater = await canvasOf("Clearwater Utilities");
      const uploadedBy = (await actorOf("chloe")).id;
      const rows = Array.from({ length: 1001 }, (_, i) => ({
        proofPointId: clearwater.pointIds[i % clearwater.pointIds.length]![0]!,
        filename: `scan-${i}.png`,
        storagePath: newStoragePath(),
        contentType: "image/png",
        sizeBytes: PNG.length,
        uploadedBy,
      }));
      // Rows and files written directly: a thousand uploads through the route would only be slower.
      await getDb().insert(attachments).values(rows);
      for (const row of rows) await storage.root().plant(row.storagePath, PNG);
      spy.removals.length = 0;
      await deleteVbu(await actorOf("admin"), clearwater.vbuId);
      await expectRemovedExactly(
        rows.map((r) => r.storagePath),
        kept,
      );
    });
  },
);
