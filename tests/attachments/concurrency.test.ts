// Races between evidence uploads and deletes, on the real PostgreSQL server only (PGlite has one
// connection, so nothing there runs concurrently). Whatever the interleaving, an upload ends as
// a row with its file or as neither: never a file without a row nor a row without a file.
// Besides firing both at once, hooks in the storage start the delete at the two moments that
// matter: once the upload has staged its bytes (before its transaction), and once it has moved
// its file into place inside its transaction (holding the canvas lock, not yet committed).
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "../../db/client";
import { createVbu, deleteVbu } from "../../lib/admin/vbus";
import { deleteAttachment, relabelAttachment } from "../../lib/attachments/attachments";
import { type AttachmentStorage, getStorage } from "../../lib/attachments/storage";
import { sweepStorage } from "../../lib/attachments/sweep";
import type { Actor } from "../../lib/auth/roles";
import { addProofPoint, addThesis, deleteProofPoint } from "../../lib/canvas/write";
import { NotFoundError } from "../../lib/errors";
import { useSeededAppDatabase } from "../support/app-database";
import { signInAs, actorOf } from "../support/session";
import { PDF, PNG } from "./fixtures";
import {
  attachmentRows,
  canvasOf,
  expectConsistent,
  installStorage,
  streamOf,
  upload,
  uploaded,
  useTempStorage,
  STORAGE_DRIVERS,
} from "./support";

const ITERATIONS = 6;

type Timing = "at once" | "once the upload has staged its file" | "while the upload holds the canvas lock";
const TIMINGS: Timing[] = ["at once", "once the upload has staged its file", "while the upload holds the canvas lock"];

/** The upload's answer: deleted before its transaction, 404; after it, 201 (and the cascade takes row and file). */
const OUTCOMES: Record<Timing, number[]> = {
  "at once": [201, 404],
  "once the upload has staged its file": [404],
  "while the upload holds the canvas lock": [201],
};

interface Hooks {
  afterStage?: () => Promise<void>;
  /** Runs inside the upload's transaction, after its file was moved into place. */
  afterCommit?: (storagePath: string) => Promise<void>;
}

/** The suite's storage with hooks at the two interesting moments of an upload. */
function hooked(real: AttachmentStorage, hooks: Hooks): AttachmentStorage {
  return {
    stage: async (body, max) => {
      const staged = await real.stage(body, max);
      await hooks.afterStage?.();
      return staged;
    },
    commit: async (staged, path, thumbnail) => {
      await real.commit(staged, path, thumbnail);
      await hooks.afterCommit?.(path);
    },
    discard: (staged) => real.discard(staged),
    open: (path) => real.open(path),
    list: () => real.list(),
    removeStagedBefore: (cutoff) => real.removeStagedBefore(cutoff),
    remove: (path) => real.remove(path),
  };
}

describe.each(STORAGE_DRIVERS)("evidence races on postgres with %s storage", (driver) => {
  useSeededAppDatabase("postgres");
  const storage = useTempStorage(driver);
  let ana: Actor;
  let admin: Actor;
  let real: AttachmentStorage;

  beforeAll(async () => {
    [ana, admin] = await Promise.all([actorOf("ana"), actorOf("admin")]);
    real = getStorage();
  });

  beforeEach(async () => {
    await signInAs("ana");
  });

  /** A new VBU of Ana's with one thesis and one proof point. */
  async function newPoint(): Promise<{ vbuId: string; point: string }> {
    const { id: vbuId } = await createVbu(admin, {
      name: `Raced ${randomUUID().slice(0, 8)}`,
      gmId: ana.id,
      lane: "build",
    });
    const { id: thesisId } = await addThesis(ana, { vbuId, text: "Raced thesis" });
    const { id: point } = await addProofPoint(ana, {
      vbuId,
      thesisId,
      description: "Raced proof",
      status: "in_progress",
      evidenceNote: null,
      targetReviewMonth: null,
    });
    return { vbuId, point };
  }

  /**
   * Uploads a file to a proof point while `remove` deletes it (or what holds it) at `timing`;
   * checks the outcome is whole either way.
   */
  async function race(proofPointId: string, timing: Timing, remove: () => Promise<unknown>) {
    let removal: Promise<unknown> | undefined;
    let movedTo: string | undefined;
    const installed = installStorage(
      hooked(real, {
        afterStage:
          timing === "once the upload has staged its file"
            ? async () => {
                removal = remove();
                await removal;
              }
            : undefined,
        afterCommit: async (path) => {
          movedTo = path;
          // Not awaited: it waits for the canvas lock this transaction holds.
          if (timing === "while the upload holds the canvas lock") removal = remove();
        },
      }),
    );
    try {
      if (timing === "at once") removal = remove();
      const { status, json } = await upload(proofPointId, streamOf(PDF, 16).stream, { name: "raced.pdf" });
      expect(removal, "the delete was started").toBeDefined();
      await removal;
      expect(OUTCOMES[timing], JSON.stringify(json)).toContain(status);
      if (status === 404) expect(movedTo).toBeUndefined();
      // A 201 always says what was saved, even if its proof point went a moment later.
      if (status === 201)
        expect(json).toMatchObject({ attachment: { filename: "raced.pdf", contentType: "application/pdf" } });
    } finally {
      installed.restore();
    }
    if (movedTo) {
      const hasRow = (await attachmentRows()).some((r) => r.storagePath === movedTo);
      const hasFile = await storage.root().has(movedTo);
      expect({ hasRow, hasFile }, `row and file of ${movedTo}`).toEqual({ hasRow, hasFile: hasRow });
    }
    await expectConsistent(storage.root());
  }

  for (const timing of TIMINGS) {
    it(`an upload and a deleteProofPoint of its proof point, ${timing}: row + file, or neither`, async () => {
      for (let i = 0; i < ITERATIONS; i++) {
        const { vbuId, point } = await newPoint();
        await race(point, timing, () => deleteProofPoint(admin, { vbuId, proofPointId: point }));
      }
    });

    it(`an upload and a deleteVbu of its VBU, ${timing}: row + file, or neither`, async () => {
      for (let i = 0; i < ITERATIONS; i++) {
        const { vbuId, point } = await newPoint();
        await race(point, timing, () => deleteVbu(admin, vbuId));
      }
    });
  }

  it("two deletes of one evidence file at once: one deletes it, the other is told it is gone", async () => {
    for (let i = 0; i < ITERATIONS; i++) {
      const { point } = await newPoint();
      const file = await uploaded(point, PNG, { name: "once.png" });
      const outcomes = await Promise.allSettled([
        deleteAttachment(ana, { attachmentId: file.id }),
        deleteAttachment(admin, { attachmentId: file.id }),
      ]);
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      const refused = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason).toBeInstanceOf(NotFoundError);
    }
    await expectConsistent(storage.root());
  });

  it("a relabel racing a delete of the same file never reports saving a label on a deleted file", async () => {
    for (let i = 0; i < ITERATIONS; i++) {
      const { point } = await newPoint();
      const file = await uploaded(point, PNG, { name: "relabel.png" });
      const [relabel, remove] = await Promise.allSettled([
        relabelAttachment(ana, { attachmentId: file.id, label: "Too late?" }),
        deleteAttachment(admin, { attachmentId: file.id }),
      ]);
      expect(remove.status).toBe("fulfilled");
      // Either the relabel came first (and the delete then took the file), or it was told it was gone.
      if (relabel.status === "rejected") expect(relabel.reason).toBeInstanceOf(NotFoundError);
    }
  });

  it("two uploads to one proof point at once both land, each with its own file", async () => {
    const harbor = await canvasOf("Harbor Logistics");
    const point = harbor.pointIds[0]![0]!;
    for (let i = 0; i < ITERATIONS; i++) {
      const [a, b] = await Promise.all([
        uploaded(point, PNG, { name: "twin.png" }),
        uploaded(point, PDF, { name: "twin.pdf" }),
      ]);
      expect(a.id).not.toBe(b.id);
    }
    await expectConsistent(storage.root());
  });

  // The connection is killed while the upload's transaction is idle with its file in place, so
  // its COMMIT cannot succeed. postgres.js rejects a transaction as soon as its connection
  // closes, possibly before the upload's own callback has finished moving the file: then the
  // upload cannot know the file moved, and an orphan may be left (seen in some runs). That
  // orphan must at least be one the sweep reports and removes.
  it("an upload whose transaction loses its connection before COMMIT: 503, no row, no file the sweep would miss", async () => {
    const point = (await newPoint()).point;
    const rowsBefore = await attachmentRows();
    let movedTo: string | undefined;
    const installed = installStorage(
      hooked(real, {
        afterCommit: async (path) => {
          movedTo = path;
          await getDb().execute(sql`
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND state = 'idle in transaction' AND pid <> pg_backend_pid()`);
        },
      }),
    );
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect((await upload(point, PDF, { name: "lost.pdf" })).status).toBe(503); // the database went away: try again
    } finally {
      errors.mockRestore();
      installed.restore();
    }
    expect(movedTo).toBeDefined();
    expect(await attachmentRows()).toEqual(rowsBefore);
    const report = await sweepStorage(real);
    // The failed upload waited for its move before cleaning up: nothing is left behind.
    expect(await storage.root().has(movedTo!)).toBe(false);
    expect(report).toEqual({
      pendingDeletes: 0,
      orphanFiles: [],
      recentFiles: 0,
      missingFiles: [],
      staleStaged: 0,
      applied: false,
    });
    await sweepStorage(real, { apply: true });
    await expectConsistent(storage.root());
  });

  it("a sweep with apply while an upload is committing does not remove that upload's file", async () => {
    const harbor = await canvasOf("Harbor Logistics");
    const point = harbor.pointIds[0]![0]!;
    let swept: Awaited<ReturnType<typeof sweepStorage>> | undefined;
    const installed = installStorage(
      hooked(real, {
        // `npm run storage:sweep -- --apply` run by an operator (or a cron) at this moment.
        afterCommit: async () => {
          swept = await sweepStorage(real, { apply: true });
        },
      }),
    );
    try {
      const attachment = await uploaded(point, PDF, { name: "in-flight.pdf" });
      expect(swept).toBeDefined();
      const row = (await attachmentRows()).find((r) => r.id === attachment.id)!;
      expect(await storage.root().has(row.storagePath), "the committed upload's file").toBe(true);
    } finally {
      installed.restore();
    }
    await expectConsistent(storage.root());
  });
});
