// Relabelling and deleting evidence through the server actions (app/vbus/[id]/actions.ts):
// the VBU's GM and admins may; a viewer and another VBU's GM are refused with nothing changed.
// Deleting removes the row and, after commit, the file; the outbox ends empty.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { deleteAttachmentAction, relabelAttachmentAction } from "../../app/vbus/[id]/actions";
import { getDb } from "../../db/client";
import { canvases } from "../../db/schema";
import type { AttachmentStorage } from "../../lib/attachments/storage";
import { getStorage } from "../../lib/attachments/storage";
import { useSeededAppDatabase } from "../support/app-database";
import { clearCookies } from "../support/request";
import { type DemoKey, idOf, run, signInAs } from "../support/session";
import { CSV, PDF, PNG } from "./fixtures";
import {
  attachmentRow,
  attachmentRows,
  canvasOf,
  type DemoCanvas,
  expectConsistent,
  installStorage,
  outbox,
  storedFiles,
  uploaded,
  useTempStorage,
  ENGINES_AND_DRIVERS,
} from "./support";

const ONLY_THE_GM = "Only this VBU's GM, or an admin, can change its canvas.";
const SIGNED_OUT = "Your session has ended. Sign in again.";
const NOT_FOUND = "That evidence file was not found. It may have been deleted.";

const REFUSED: [who: string, key: DemoKey | null, message: string][] = [
  ["nobody", null, SIGNED_OUT],
  ["a viewer", "viewer", ONLY_THE_GM],
  ["another VBU's GM", "ben", ONLY_THE_GM],
];

async function signIn(key: DemoKey | null) {
  if (key) await signInAs(key);
  else clearCookies();
}

async function canvasRow(canvasId: string) {
  const [row] = await getDb().select().from(canvases).where(eq(canvases.id, canvasId));
  return row!;
}

describe.each(ENGINES_AND_DRIVERS)("evidence actions on %s with %s storage", (engine, driver) => {
  useSeededAppDatabase(engine);
  const storage = useTempStorage(driver);
  let harbor: DemoCanvas;
  let point: string;

  /** A new file on Harbor Logistics' first proof point, uploaded by Ana. */
  async function newAttachment(name = "evidence.png", bytes = PNG, label?: string) {
    await signInAs("ana");
    const attachment = await uploaded(point, bytes, { name, label });
    return { ...attachment, storagePath: (await attachmentRow(attachment.id))!.storagePath };
  }

  beforeAll(async () => {
    harbor = await canvasOf("Harbor Logistics");
    point = harbor.pointIds[0]![0]!;
  });

  describe("relabelAttachmentAction", () => {
    it.each([
      ["the VBU's GM", "ana"],
      ["an admin", "admin"],
    ] as const)("lets %s set and remove a label, trimmed", async (_who, key) => {
      const file = await newAttachment("labelled.png", PNG, "Old label");
      await signInAs(key);
      vi.mocked(revalidatePath).mockClear();
      expect(await run(relabelAttachmentAction, { attachmentId: file.id, label: "  Week 2: 41% accepted  " })).toEqual({
        status: "success",
        message: "Label saved.",
      });
      expect((await attachmentRow(file.id))!.label).toBe("Week 2: 41% accepted");
      expect(revalidatePath).toHaveBeenCalledWith(`/vbus/${harbor.vbuId}`);
      expect((await canvasRow(harbor.canvasId)).updatedBy).toBe(await idOf(key));

      expect(await run(relabelAttachmentAction, { attachmentId: file.id, label: "   " })).toMatchObject({
        status: "success",
        message: "Label removed.",
      });
      expect((await attachmentRow(file.id))!.label).toBeNull();
    });

    it.each(REFUSED)("refuses %s and changes nothing", async (_who, key, message) => {
      const file = await newAttachment("kept.png", PNG, "Original label");
      const canvasBefore = await canvasRow(harbor.canvasId);
      const rowsBefore = await attachmentRows();
      await signIn(key);
      expect(await run(relabelAttachmentAction, { attachmentId: file.id, label: "Taken over" })).toMatchObject({
        status: "error",
        formError: message,
      });
      expect(await attachmentRows()).toEqual(rowsBefore);
      expect(await canvasRow(harbor.canvasId)).toEqual(canvasBefore);
    });

    it("refuses a label over 255 characters or with control characters", async () => {
      const file = await newAttachment("kept.png", PNG, "Original label");
      for (const label of ["l".repeat(256), "bell\u0007"]) {
        expect(await run(relabelAttachmentAction, { attachmentId: file.id, label })).toMatchObject({
          status: "error",
          fieldErrors: { label: [expect.any(String)] },
        });
      }
      expect((await attachmentRow(file.id))!.label).toBe("Original label");
    });

    it("answers a malformed or unknown id as an error, not a crash", async () => {
      await signInAs("ana");
      expect(await run(relabelAttachmentAction, { attachmentId: "not-a-uuid", label: "x" })).toMatchObject({
        status: "error",
        fieldErrors: { attachmentId: [expect.any(String)] },
      });
      expect(await run(relabelAttachmentAction, { attachmentId: randomUUID(), label: "x" })).toMatchObject({
        status: "error",
        formError: NOT_FOUND,
      });
    });
  });

  describe("deleteAttachmentAction", () => {
    it.each(REFUSED)("refuses %s and keeps the row and the file", async (_who, key, message) => {
      const file = await newAttachment("kept.pdf", PDF);
      const rowsBefore = await attachmentRows();
      const filesBefore = await storedFiles(storage.root());
      await signIn(key);
      expect(await run(deleteAttachmentAction, { attachmentId: file.id })).toMatchObject({
        status: "error",
        formError: message,
      });
      expect(await attachmentRows()).toEqual(rowsBefore);
      expect(await storedFiles(storage.root())).toEqual(filesBefore);
      expect(filesBefore).toContain(file.storagePath);
      expect(await outbox()).toEqual([]);
    });

    it.each([
      ["the VBU's GM", "ana"],
      ["an admin", "admin"],
    ] as const)("lets %s delete the row and the file, and only those", async (_who, key) => {
      const doomed = await newAttachment("doomed.csv", CSV);
      const kept = await newAttachment("kept.png", PNG);
      await signInAs(key);
      vi.mocked(revalidatePath).mockClear();
      expect(await run(deleteAttachmentAction, { attachmentId: doomed.id })).toEqual({
        status: "success",
        message: "Evidence file deleted.",
      });
      expect(revalidatePath).toHaveBeenCalledWith(`/vbus/${harbor.vbuId}`);
      expect(await attachmentRow(doomed.id)).toBeUndefined();
      const files = await storedFiles(storage.root());
      expect(files).not.toContain(doomed.storagePath);
      expect(files).toContain(kept.storagePath);
      expect(await attachmentRow(kept.id)).toBeDefined();
      expect(await outbox()).toEqual([]);
      expect((await canvasRow(harbor.canvasId)).updatedBy).toBe(await idOf(key));

      // Deleting it again: it is gone.
      expect(await run(deleteAttachmentAction, { attachmentId: doomed.id })).toMatchObject({
        status: "error",
        formError: NOT_FOUND,
      });
    });

    it("keeps the path in the outbox when the file cannot be removed, and the next delete finishes the job", async () => {
      const first = await newAttachment("first.png");
      const second = await newAttachment("second.png");
      const real = getStorage();
      const failing: AttachmentStorage = {
        stage: (body, max) => real.stage(body, max),
        commit: (staged, path, thumbnail) => real.commit(staged, path, thumbnail),
        discard: (staged) => real.discard(staged),
        open: (path) => real.open(path),
        list: () => real.list(),
        removeStagedBefore: (cutoff) => real.removeStagedBefore(cutoff),
        remove: async () => {
          throw new Error("disk unavailable");
        },
      };
      const installed = installStorage(failing);
      const errors = vi.spyOn(console, "error").mockImplementation(() => {});
      try {
        expect(await run(deleteAttachmentAction, { attachmentId: first.id })).toMatchObject({ status: "success" });
        expect(errors).toHaveBeenCalled();
      } finally {
        errors.mockRestore();
        installed.restore();
      }
      expect(await attachmentRow(first.id)).toBeUndefined();
      expect(await outbox()).toEqual([first.storagePath]);
      expect(await storedFiles(storage.root())).toContain(first.storagePath);

      expect(await run(deleteAttachmentAction, { attachmentId: second.id })).toMatchObject({ status: "success" });
      expect(await outbox()).toEqual([]);
      const files = await storedFiles(storage.root());
      expect(files).not.toContain(first.storagePath);
      expect(files).not.toContain(second.storagePath);
    });
  });

  it("leaves every row with its file and an empty outbox", async () => {
    await expectConsistent(storage.root());
  });
});
