// sweepStorage (npm run storage:sweep): after the app's own uploads, refusals, deletes and
// cascades there is nothing to reconcile. Planted problems (an orphan file, a row whose file is
// missing, a delete still waiting in the outbox) are reported by a dry run that changes nothing;
// `apply` removes the orphan and purges the outbox, and only ever reports the missing file.
import { utimes } from "node:fs/promises";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { deleteAttachmentAction, deleteProofPointAction, relabelAttachmentAction } from "../../app/vbus/[id]/actions";
import { getDb } from "../../db/client";
import { attachments } from "../../db/schema";
import { deleteVbu } from "../../lib/admin/vbus";
import { getStorage, newStoragePath } from "../../lib/attachments/storage";
import { sweepStorage } from "../../lib/attachments/sweep";
import { useSeededAppDatabase } from "../support/app-database";
import { run, signInAs, actorOf } from "../support/session";
import { CSV, MAX_BYTES, PDF, PNG, XLSX_FILE, zipBombs } from "./fixtures";
import {
  attachmentRow,
  attachmentRows,
  canvasOf,
  countingStream,
  expectConsistent,
  outbox,
  stagingEntries,
  storedFiles,
  upload,
  uploaded,
  useTempStorage,
  ENGINES_AND_DRIVERS,
} from "./support";

const NOTHING_TO_DO = {
  pendingDeletes: 0,
  orphanFiles: [],
  recentFiles: 0,
  missingFiles: [],
  staleStaged: 0,
  applied: false,
};
// Older than the sweep's grace period: files without a row that are surely not an upload committing.
const hoursAgo = (n: number) => new Date(Date.now() - n * 60 * 60 * 1000);

describe.each(ENGINES_AND_DRIVERS)("the storage sweep on %s with %s storage", (engine, driver) => {
  useSeededAppDatabase(engine);
  const storage = useTempStorage(driver);
  const planted = { orphan: "", recent: "", missing: "", pending: "", stranger: "", staged: "" };

  const plantFile = (path: string, contents: Uint8Array | string = PNG) => storage.root().plant(path, contents);
  const age = (path: string, modifiedAt: Date) => storage.root().age(path, modifiedAt);

  /** Everything the sweep could change: rows, files (staging included), the outbox. */
  async function everything() {
    return {
      rows: await attachmentRows(),
      files: await storedFiles(storage.root()),
      staging: await stagingEntries(storage.root()),
      outbox: await outbox(),
    };
  }

  beforeAll(async () => {});

  it("finds nothing to do after uploads, relabels, refusals, deletes and cascades", async () => {
    await signInAs("ana");
    const harbor = await canvasOf("Harbor Logistics");
    const brightpath = await canvasOf("Brightpath Learning");
    const [p1, p2] = [harbor.pointIds[0]![0]!, harbor.pointIds[0]![1]!];

    const png = await uploaded(p1, PNG, { name: "kept.png", label: "Kept" });
    const pdf = await uploaded(p1, PDF, { name: "deleted.pdf" });
    await uploaded(p1, XLSX_FILE, { name: "kept.xlsx" });
    await uploaded(p2, CSV, { name: "cascaded.csv" });
    await uploaded(p2, PNG, { name: "cascaded.png" });
    for (const point of brightpath.pointIds.flat()) await uploaded(point, PDF, { name: "vbu.pdf" });

    expect((await upload(p1, zipBombs().honest, { name: "bomb.xlsx" })).status).toBe(422);
    expect((await upload(p1, countingStream(MAX_BYTES + 1, PDF).stream, { name: "big.pdf" })).status).toBe(413);
    expect((await upload(p1, PNG, { name: "a.php.png" })).status).toBe(422);
    expect(await run(relabelAttachmentAction, { attachmentId: png.id, label: "Relabelled" })).toMatchObject({
      status: "success",
    });
    expect(await run(deleteAttachmentAction, { attachmentId: pdf.id })).toMatchObject({ status: "success" });
    expect(await run(deleteProofPointAction, { vbuId: harbor.vbuId, proofPointId: p2 })).toMatchObject({
      status: "success",
    });
    await deleteVbu(await actorOf("admin"), brightpath.vbuId);

    expect(await attachmentRows()).toHaveLength(2);
    await expectConsistent(storage.root());
    expect(await sweepStorage(getStorage())).toEqual(NOTHING_TO_DO);
  });

  it("a dry run reports an orphan file, a missing file and a pending delete, and changes nothing", async () => {
    await signInAs("ana");
    const point = (await canvasOf("Harbor Logistics")).pointIds[0]![0]!;

    // A file under a valid storage path that no row names (a crash between the move and the commit).
    planted.orphan = newStoragePath();
    await plantFile(planted.orphan);
    await age(planted.orphan, hoursAgo(2));
    // A file without a row written a moment ago: maybe an upload committing right now.
    const recent = newStoragePath();
    await plantFile(recent);
    planted.recent = recent;
    // A row whose file has gone.
    const missing = await uploaded(point, PNG, { name: "missing.png" });
    planted.missing = (await attachmentRow(missing.id))!.storagePath;
    await storage.root().delete(planted.missing);
    // A deleted row whose file was never removed (the purge after commit did not run): queued by the trigger.
    const pending = await uploaded(point, PDF, { name: "pending.pdf" });
    planted.pending = (await attachmentRow(pending.id))!.storagePath;
    await getDb().delete(attachments).where(eq(attachments.id, pending.id));
    expect(await outbox()).toEqual([planted.pending]);
    // Files the sweep has no business with: not a storage path, and an upload still being staged.
    planted.stranger = "2025/01/notes.txt";
    await plantFile(planted.stranger, "not evidence");
    planted.staged = ".staging/in-flight";
    await plantFile(planted.staged);

    const before = await everything();
    expect(await sweepStorage(getStorage())).toEqual({
      pendingDeletes: 1,
      orphanFiles: [planted.orphan],
      recentFiles: 1,
      missingFiles: [planted.missing],
      staleStaged: 0,
      applied: false,
    });
    expect(await everything()).toEqual(before);
  });

  it("apply removes the orphan and purges the outbox, and only reports the missing file", async () => {
    const before = await everything();
    expect(await sweepStorage(getStorage(), { apply: true })).toEqual({
      pendingDeletes: 1,
      orphanFiles: [planted.orphan],
      recentFiles: 1,
      missingFiles: [planted.missing],
      staleStaged: 0, // the in-flight staged upload is recent
      applied: true,
    });
    const after = await everything();
    expect(after.files).toEqual(before.files.filter((f) => f !== planted.orphan && f !== planted.pending));
    expect(after.files).toContain(planted.stranger);
    expect(after.files).toContain(planted.recent);
    expect(after.staging).toEqual(["in-flight"]);
    expect(after.outbox).toEqual([]);
    // The row whose file is missing is never "fixed": reported again, still there.
    expect(after.rows).toEqual(before.rows);
    expect(after.rows.map((r) => r.storagePath)).toContain(planted.missing);
    expect(await sweepStorage(getStorage())).toEqual({
      ...NOTHING_TO_DO,
      recentFiles: 1,
      missingFiles: [planted.missing],
    });
    // Once the grace period has passed, the file without a row is an orphan too.
    expect((await sweepStorage(getStorage(), { now: new Date(Date.now() + 2 * 60 * 60 * 1000) })).orphanFiles).toEqual([
      planted.recent,
    ]);
  });

  it("apply removes staged uploads no request can still be writing, but keeps a committed file within the grace period", async () => {
    const now = new Date();
    const minutesAgo = (n: number) => new Date(now.getTime() - n * 60 * 1000);
    // A partial upload a killed worker left 20 minutes ago: past the upload request timeout.
    await plantFile(".staging/killed-worker");
    await age(".staging/killed-worker", minutesAgo(20));
    // An upload still arriving: written to a minute ago.
    await plantFile(".staging/still-arriving");
    await age(".staging/still-arriving", minutesAgo(1));
    // A file moved into place 30 minutes ago without a row: within the hour a commit is given.
    const committed = newStoragePath();
    await plantFile(committed);
    await age(committed, minutesAgo(30));

    const report = await sweepStorage(getStorage(), { apply: true, now });
    expect(report.staleStaged).toBe(1);
    expect(report.orphanFiles).not.toContain(committed);
    expect(await stagingEntries(storage.root())).toContain("still-arriving");
    expect(await stagingEntries(storage.root())).not.toContain("killed-worker");
    expect(await storedFiles(storage.root())).toContain(committed);
    await storage.root().delete(".staging/still-arriving");
    await storage.root().delete(committed);
  });

  it("dates a file when it is moved into place, so an upload that waited long is not taken for an orphan", async () => {
    const storage = getStorage();
    const staged = await storage.stage(new Blob([PNG]).stream(), MAX_BYTES);
    await utimes(staged.localPath, hoursAgo(3), hoursAgo(3)); // its bytes arrived long ago
    const storagePath = newStoragePath();
    await storage.commit(staged, storagePath, null);
    let listed: Date | undefined;
    for await (const file of storage.list()) if (file.storagePath === storagePath) listed = file.modifiedAt;
    expect(Date.now() - listed!.getTime()).toBeLessThan(60_000);
    await storage.remove(storagePath);
  });
});
