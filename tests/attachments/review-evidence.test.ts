// Evidence files on a monthly review (POST /api/reviews/:id/attachments and the evidence
// actions): the same upload pipeline as a proof point's, to a draft its VBU's GM or an admin
// may write now (this month or last); a published review is read-only, its evidence included;
// a draft's evidence is invisible to whoever may not read the draft, downloads included.
import { eq, sql } from "drizzle-orm";
import { revalidatePath } from "next/cache";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { deleteAttachmentAction, relabelAttachmentAction } from "../../app/vbus/[id]/actions";
import { getDb } from "../../db/client";
import { monthlyReviews } from "../../db/schema";
import { deleteAttachment, relabelAttachment, uploadAttachment } from "../../lib/attachments/attachments";
import { purgeDeletedFiles } from "../../lib/attachments/purge";
import { reviewEvidence } from "../../lib/attachments/review-evidence";
import { thumbnailPath } from "../../lib/attachments/storage";
import type { Actor } from "../../lib/auth/roles";
import { BOARD_PATH } from "../../lib/board/filters";
import { inTransaction, type Tx } from "../../lib/canvas/lock";
import { ForbiddenError, NotFoundError, UserFacingError } from "../../lib/errors";
import { lockReview, ONLY_GM_WRITES_REVIEWS, PUBLISHED_IS_READ_ONLY } from "../../lib/reviews/lock";
import { CLOSED_MONTH, FUTURE_MONTH, monthAt } from "../../lib/reviews/vocabulary";
import { createVbu, createReview } from "../factories";
import { useSeededAppDatabase } from "../support/app-database";
import { queryRows } from "../support/database";
import { clearCookies } from "../support/request";
import { actorOf, type DemoKey, idOf, run, signInAs } from "../support/session";
import { HTML, MAX_BYTES, PDF, PNG } from "./fixtures";
import {
  attachmentRow,
  attachmentRows,
  countingStream,
  download,
  expectConsistent,
  expectNothingStored,
  expectSameBytes,
  outbox,
  STORAGE_PATH,
  storageState,
  storedBytes,
  storedFiles,
  streamOf,
  thumbnail,
  uploadedToReview,
  uploadToReview,
  useTempStorage,
  UUID,
  ENGINES_AND_DRIVERS,
} from "./support";

const SIGNED_OUT = "Your session has ended. Sign in again.";
const NO_SUCH_REVIEW = "That review was not found. It may have been deleted.";
const NO_SUCH_FILE = "That evidence file was not found. It may have been deleted.";

/** What the database's CHECK asks of a published review (lib/reviews writes the real snapshot). */
const PUBLISHED = {
  status: "published",
  health: "on_track",
  snapshot: { schema: 1 } as never,
  publishedAt: new Date("2026-01-01T00:00:00Z"),
} as const;

/** A fixed "now" for the month rules: May 2026, so April is last month and March is closed. */
const NOW = new Date("2026-05-15T12:00:00Z");

const globalForLock = globalThis as unknown as { reviewRowLocked?: (tx: Tx) => Promise<void> };

describe.each(ENGINES_AND_DRIVERS)("evidence on a monthly review on %s with %s storage", (engine, driver) => {
  useSeededAppDatabase(engine);
  const storage = useTempStorage(driver);
  let ana: Actor;
  let anaId: string;

  beforeAll(async () => {
    ana = await actorOf("ana");
    anaId = await idOf("ana");
  });

  beforeEach(async () => {
    await signInAs("ana");
  });

  /** A review of a new VBU of Ana's: a draft of this month unless told otherwise. */
  async function reviewOfAna(values: Partial<typeof monthlyReviews.$inferInsert> = {}) {
    const { vbuId } = await createVbu(getDb(), { gmId: anaId });
    return createReview(getDb(), { month: monthAt(new Date()), ...values, vbuId });
  }

  async function publish(reviewId: string) {
    await getDb().update(monthlyReviews).set(PUBLISHED).where(eq(monthlyReviews.id, reviewId));
  }

  /** Ana's draft with one file on it, uploaded through the route. */
  async function draftWithFile(name = "evidence.pdf", bytes: Uint8Array = PDF) {
    const review = await reviewOfAna();
    const file = await uploadedToReview(review.id, bytes, { name, label: "Pilot results" });
    return { review, file };
  }

  describe("uploads", () => {
    it("stores a PDF on Ana's draft: the row has the review as its parent, and the review lists it", async () => {
      const review = await reviewOfAna();
      const { status, json } = await uploadToReview(review.id, PDF, { name: "results.pdf", label: "Q2 results" });
      expect(status).toBe(201);
      expect(json).toEqual({
        status: "success",
        attachment: {
          id: expect.stringMatching(UUID),
          proofPointId: null,
          filename: "results.pdf",
          label: "Q2 results",
          contentType: "application/pdf",
          sizeBytes: PDF.length,
          hasThumbnail: false,
          uploaderName: "Ana Silva",
          createdAt: expect.any(String),
        },
      });
      const view = (json as { attachment: { id: string } }).attachment;
      const row = (await attachmentRow(view.id))!;
      expect(row).toMatchObject({ proofPointId: null, monthlyReviewId: review.id, uploadedBy: anaId });
      expect(row.storagePath).toMatch(STORAGE_PATH);
      expectSameBytes(await storedBytes(storage.root(), row.storagePath), PDF);
      expect(await reviewEvidence(getDb(), review.id)).toEqual([view]);
      await expectConsistent(storage.root());
    });

    it("makes a thumbnail of an image, served beside the file", async () => {
      const { file } = await draftWithFile("chart.png", PNG);
      expect(file).toMatchObject({ contentType: "image/png", hasThumbnail: true });
      const row = (await attachmentRow(file.id))!;
      expect(await storedFiles(storage.root())).toContain(thumbnailPath(row.storagePath));
      const response = await thumbnail(file.id);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/webp");
      await response.arrayBuffer();
    });

    it("lets an admin add evidence to a GM's draft", async () => {
      const review = await reviewOfAna();
      await signInAs("admin");
      const file = await uploadedToReview(review.id, PDF, { name: "by-admin.pdf" });
      expect(file.uploaderName).toBe("Morgan Ellis");
    });

    it("lists a review's evidence in the order it was added, and no other review's or proof point's", async () => {
      const review = await reviewOfAna();
      const other = await reviewOfAna();
      const first = await uploadedToReview(review.id, PDF, { name: "first.pdf" });
      await uploadedToReview(other.id, PDF, { name: "elsewhere.pdf" });
      const second = await uploadedToReview(review.id, PNG, { name: "second.png" });
      expect((await reviewEvidence(getDb(), review.id)).map((f) => f.id)).toEqual([first.id, second.id]);
    });

    // Each refused before a byte of the body is read, with nothing stored.
    const REFUSED: {
      what: string;
      who: DemoKey | null;
      published: boolean;
      id?: string;
      status: number;
      message: string;
    }[] = [
      { what: "nobody", who: null, published: false, status: 401, message: SIGNED_OUT },
      { what: "a viewer, on a draft", who: "viewer", published: false, status: 404, message: NO_SUCH_REVIEW },
      { what: "another GM, on a draft", who: "ben", published: false, status: 404, message: NO_SUCH_REVIEW },
      {
        what: "the VBU's GM, on a published review",
        who: "ana",
        published: true,
        status: 422,
        message: PUBLISHED_IS_READ_ONLY,
      },
      {
        what: "an admin, on a published review",
        who: "admin",
        published: true,
        status: 422,
        message: PUBLISHED_IS_READ_ONLY,
      },
      {
        what: "another GM, on a published review",
        who: "ben",
        published: true,
        status: 403,
        message: ONLY_GM_WRITES_REVIEWS,
      },
      {
        what: "a viewer, on a published review",
        who: "viewer",
        published: true,
        status: 403,
        message: ONLY_GM_WRITES_REVIEWS,
      },
      {
        what: "a review that does not exist",
        who: "ana",
        published: false,
        id: "0b6f2f9e-4c1b-4e55-9d7e-3f1c2a9b8d70",
        status: 404,
        message: NO_SUCH_REVIEW,
      },
      { what: "a malformed id", who: "ana", published: false, id: "not-a-uuid", status: 404, message: NO_SUCH_REVIEW },
    ];
    it.each(REFUSED)(
      "refuses $what ($status) before reading the body",
      async ({ who, published, id, status, message }) => {
        const review = await reviewOfAna(published ? PUBLISHED : {});
        if (who) await signInAs(who);
        else clearCookies();
        const before = await storageState(storage.root());
        const body = streamOf(PDF);
        const answer = await uploadToReview(id ?? review.id, body.stream, { name: "refused.pdf", length: PDF.length });
        expect(answer).toEqual({ status, json: { status: "error", formError: message, fieldErrors: {} } });
        expect(body.pulled()).toBe(0);
        await expectNothingStored(storage.root(), before);
      },
    );

    it.each([
      ["two months ago (closed)", monthAt(NOW, -2), CLOSED_MONTH],
      ["next month (not started)", monthAt(NOW, 1), FUTURE_MONTH],
    ])("refuses a draft of %s before reading the body", async (_what, month, message) => {
      const review = await reviewOfAna({ month });
      const before = await storageState(storage.root());
      const body = streamOf(PDF);
      const request = { parent: { reviewId: review.id }, filename: "late.pdf", label: "", declaredBytes: null };
      await expect(uploadAttachment(ana, { ...request, body: body.stream }, { now: NOW })).rejects.toThrow(
        new UserFacingError(message),
      );
      expect(body.pulled()).toBe(0);
      await expectNothingStored(storage.root(), before);
    });

    it.each([
      ["this month", monthAt(NOW)],
      ["last month (catching up)", monthAt(NOW, -1)],
    ])("accepts a draft of %s", async (_what, month) => {
      const review = await reviewOfAna({ month });
      const request = { parent: { reviewId: review.id }, filename: "on-time.pdf", label: "", declaredBytes: null };
      const view = await uploadAttachment(ana, { ...request, body: streamOf(PDF).stream }, { now: NOW });
      expect((await attachmentRow(view.id))!.monthlyReviewId).toBe(review.id);
    });

    // The proof point's limits and sniffing, through the same pipeline (all of them: upload.test.ts).
    it("refuses 10 MiB + 1 byte declared in Content-Length with 413 before reading anything", async () => {
      const review = await reviewOfAna();
      const before = await storageState(storage.root());
      const body = countingStream(MAX_BYTES + 1, PDF);
      const { status, json } = await uploadToReview(review.id, body.stream, { name: "big.pdf", length: MAX_BYTES + 1 });
      expect(status).toBe(413);
      expect(json).toMatchObject({ status: "error", fieldErrors: { file: [expect.stringMatching(/10 MiB/)] } });
      expect(body.pulled()).toBe(0);
      await expectNothingStored(storage.root(), before);
    });

    it("refuses 10 MiB + 1 byte streamed without Content-Length with 413, leaving nothing", async () => {
      const review = await reviewOfAna();
      const before = await storageState(storage.root());
      const { status } = await uploadToReview(review.id, countingStream(MAX_BYTES + 1, PDF).stream, {
        name: "big.pdf",
      });
      expect(status).toBe(413);
      await expectNothingStored(storage.root(), before);
    });

    it.each([
      ["HTML named .png", "page.png", HTML, /not a PNG, JPEG, GIF, PDF, CSV or XLSX file/],
      ["a PNG named .pdf", "proof.pdf", PNG, /PNG image, but its name ends in \.pdf/],
    ])("refuses %s by its content (422), leaving nothing", async (_what, name, bytes, message) => {
      const review = await reviewOfAna();
      const before = await storageState(storage.root());
      const { status, json } = await uploadToReview(review.id, bytes, { name });
      expect(status).toBe(422);
      expect(json).toMatchObject({ status: "error", fieldErrors: { file: [expect.stringMatching(message)] } });
      await expectNothingStored(storage.root(), before);
    });

    it("refuses a disguised name before reading the body (422)", async () => {
      const review = await reviewOfAna();
      const body = streamOf(PNG);
      const { status, json } = await uploadToReview(review.id, body.stream, { name: "a.php.png" });
      expect(status).toBe(422);
      expect(json).toMatchObject({ fieldErrors: { file: [expect.stringMatching(/hides another type/)] } });
      expect(body.pulled()).toBe(0);
    });
  });

  describe("relabel and delete", () => {
    const input = (id: string) => ({ attachmentId: id, label: "Relabelled" });

    it("Ana relabels and deletes her draft's evidence; each answers the VBU and the review's month", async () => {
      const { review, file } = await draftWithFile();
      const changed = { vbuId: review.vbuId, reviewMonth: review.month.slice(0, 7) };
      expect(await relabelAttachment(ana, input(file.id))).toEqual(changed);
      expect((await attachmentRow(file.id))!.label).toBe("Relabelled");
      expect(await deleteAttachment(ana, { attachmentId: file.id })).toEqual(changed);
      expect(await attachmentRow(file.id)).toBeUndefined();
      await expectConsistent(storage.root()); // the file went too
    });

    it("the actions revalidate the review's page as well as the canvas and the board", async () => {
      const { review, file } = await draftWithFile();
      const page = `/vbus/${review.vbuId}/reviews/${review.month.slice(0, 7)}`;
      vi.mocked(revalidatePath).mockClear();
      expect(await run(relabelAttachmentAction, input(file.id))).toEqual({
        status: "success",
        message: "Label saved.",
      });
      expect(
        vi
          .mocked(revalidatePath)
          .mock.calls.map(([path]) => path)
          .sort(),
      ).toEqual([page, `/vbus/${review.vbuId}`, BOARD_PATH].sort());
      vi.mocked(revalidatePath).mockClear();
      expect(await run(deleteAttachmentAction, { attachmentId: file.id })).toEqual({
        status: "success",
        message: "Evidence file deleted.",
      });
      expect(
        vi
          .mocked(revalidatePath)
          .mock.calls.map(([path]) => path)
          .sort(),
      ).toEqual([page, `/vbus/${review.vbuId}`, BOARD_PATH].sort());
    });

    it.each<[what: string, who: DemoKey, published: boolean, error: Error]>([
      ["the VBU's GM, on a published review", "ana", true, new UserFacingError(PUBLISHED_IS_READ_ONLY)],
      ["an admin, on a published review", "admin", true, new UserFacingError(PUBLISHED_IS_READ_ONLY)],
      ["another GM, on a published review", "ben", true, new ForbiddenError(ONLY_GM_WRITES_REVIEWS)],
      ["a viewer, on a published review", "viewer", true, new ForbiddenError(ONLY_GM_WRITES_REVIEWS)],
      ["another GM, on a draft", "ben", false, new NotFoundError("That evidence file")],
      ["a viewer, on a draft", "viewer", false, new NotFoundError("That evidence file")],
    ])("refuses %s and changes nothing", async (_what, who, published, error) => {
      const { review, file } = await draftWithFile();
      if (published) await publish(review.id);
      const actor = await actorOf(who);
      const rows = await attachmentRows();
      for (const attempt of [
        () => relabelAttachment(actor, input(file.id)),
        () => deleteAttachment(actor, { attachmentId: file.id }),
      ]) {
        const refused = await attempt().then(
          () => null,
          (e: unknown) => e as Error,
        );
        // The exact class and words: a refusal by role is never mistaken for "not found", nor the reverse.
        expect([refused?.constructor, refused?.message]).toEqual([error.constructor, error.message]);
      }
      expect(await attachmentRows()).toEqual(rows);
      await expectConsistent(storage.root());
    });

    it("refuses a closed month's draft (two months ago) and changes nothing", async () => {
      const review = await reviewOfAna({ month: monthAt(NOW) });
      const request = { parent: { reviewId: review.id }, filename: "may.pdf", label: "", declaredBytes: null };
      const file = await uploadAttachment(ana, { ...request, body: streamOf(PDF).stream }, { now: NOW });
      const later = new Date("2026-07-01T00:00:00Z");
      await expect(relabelAttachment(ana, input(file.id), { now: later })).rejects.toThrow(
        new UserFacingError(CLOSED_MONTH),
      );
      await expect(deleteAttachment(ana, { attachmentId: file.id }, { now: later })).rejects.toThrow(
        new UserFacingError(CLOSED_MONTH),
      );
      expect((await attachmentRow(file.id))!.label).toBeNull();
    });
  });

  describe("downloads and thumbnails", () => {
    const READERS: DemoKey[] = ["ana", "admin"];
    const OTHERS: DemoKey[] = ["ben", "chloe", "viewer"];

    /** The status and JSON body of a response that is not a file. */
    const refusal = async (response: Response) => ({
      status: response.status,
      body: (await response.json()) as unknown,
    });
    const NOT_FOUND = { status: 404, body: { status: "error", formError: NO_SUCH_FILE, fieldErrors: {} } };

    it("a draft's evidence is read by its GM and admins only; to anyone else it does not exist", async () => {
      const { file } = await draftWithFile("chart.png", PNG);
      for (const who of READERS) {
        await signInAs(who);
        const response = await download(file.id);
        expect(response.status, who).toBe(200);
        expectSameBytes(new Uint8Array(await response.arrayBuffer()), PNG);
        const thumb = await thumbnail(file.id);
        expect(thumb.status, who).toBe(200);
        await thumb.arrayBuffer();
      }
      const unknown = "0b6f2f9e-4c1b-4e55-9d7e-3f1c2a9b8d70";
      for (const who of [...OTHERS, null]) {
        if (who) await signInAs(who);
        else clearCookies();
        // Exactly the answer for a file that does not exist.
        for (const id of [file.id, unknown]) {
          expect([who, await refusal(await download(id))]).toEqual([who, NOT_FOUND]);
          expect([who, await refusal(await thumbnail(id))]).toEqual([who, NOT_FOUND]);
        }
      }
    });

    it("a published review's evidence is read by every signed-in role", async () => {
      const { review, file } = await draftWithFile("chart.png", PNG);
      await publish(review.id);
      for (const who of [...READERS, ...OTHERS]) {
        await signInAs(who);
        const response = await download(file.id);
        expect(response.status, who).toBe(200);
        expectSameBytes(new Uint8Array(await response.arrayBuffer()), PNG);
        const thumb = await thumbnail(file.id);
        expect(thumb.status, who).toBe(200);
        await thumb.arrayBuffer();
      }
      clearCookies();
      expect((await download(file.id)).status).toBe(404);
    });
  });

  it("deleting a draft review deletes its evidence rows, and the outbox purge removes their files", async () => {
    const { review, file } = await draftWithFile("chart.png", PNG);
    const second = await uploadedToReview(review.id, PDF, { name: "notes.pdf" });
    const kept = await draftWithFile("kept.pdf", PDF);
    const paths = [(await attachmentRow(file.id))!.storagePath, (await attachmentRow(second.id))!.storagePath];
    await getDb().delete(monthlyReviews).where(eq(monthlyReviews.id, review.id));
    expect(await attachmentRow(file.id)).toBeUndefined();
    expect(await attachmentRow(second.id)).toBeUndefined();
    expect(await outbox()).toEqual([...paths].sort());
    expect(await purgeDeletedFiles()).toBe(2);
    const files = await storedFiles(storage.root());
    for (const path of paths) {
      expect(files).not.toContain(path);
      expect(files).not.toContain(thumbnailPath(path));
    }
    expect(await attachmentRow(kept.file.id)).toBeDefined();
    await expectConsistent(storage.root());
  });

  if (engine === "postgres") {
    /** The PostgreSQL backend a transaction runs on. */
    const backendOf = async (tx: Tx) =>
      (await queryRows<{ pid: number }>(tx, sql`SELECT pg_backend_pid() AS pid`))[0]!.pid;
    /** How many backends wait for a lock that backend `pid` holds. */
    const waitingFor = async (pid: number) =>
      (
        await queryRows<{ n: number }>(
          getDb(),
          sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE ${pid}::int = ANY(pg_blocking_pids(pid))`,
        )
      )[0]!.n;

    it("an upload that streamed its body while the review was published meanwhile is refused and leaves no file", async () => {
      const review = await reviewOfAna();
      const admin = await actorOf("admin");
      const before = await storageState(storage.root());
      const body = streamOf(PDF, 16);
      let publisher: number | undefined;
      let uploading: Promise<Awaited<ReturnType<typeof uploadToReview>>> | undefined;
      let uploadEnded = false;
      let uploadWaited = false;
      const previous = globalForLock.reviewRowLocked;
      // The publish locks the review first; the upload starts then, passes its check (still a
      // draft), streams its body, and waits for the lock. Only then does the publish go on.
      globalForLock.reviewRowLocked = async (tx) => {
        if (publisher !== undefined) return; // the upload, let through after the publish
        publisher = await backendOf(tx);
        uploading = uploadToReview(review.id, body.stream, { name: "raced.pdf" });
        const ended = () => void (uploadEnded = true);
        uploading.then(ended, ended);
        while (!uploadEnded && !uploadWaited) uploadWaited = (await waitingFor(publisher)) > 0;
      };
      try {
        await inTransaction(admin, async (tx) => {
          await lockReview(tx, admin, review.id);
          await tx.update(monthlyReviews).set(PUBLISHED).where(eq(monthlyReviews.id, review.id));
        });
        expect(uploadWaited, "the upload waited for the review lock the publish held").toBe(true);
        expect(await uploading).toEqual({
          status: 422,
          json: { status: "error", formError: PUBLISHED_IS_READ_ONLY, fieldErrors: {} },
        });
      } finally {
        globalForLock.reviewRowLocked = previous;
      }
      expect(body.pulled()).toBe(PDF.length); // it had read the whole body
      await expectNothingStored(storage.root(), before);
    });
  }
});
