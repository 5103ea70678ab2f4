// The data contract (shared/spec/T-020-canvas-tables.md, as fixed by shared/design/NOTES.md)
// is enforced by the database itself, on both engines: every CHECK, length, UNIQUE, foreign
// key and ON DELETE rule, server default, enum, index, and the deferrable thesis order.
// Every test makes its own rows, so the tests of a file can share one database per engine.
import { randomUUID } from "node:crypto";
import { type SQL, and, asc, count, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { type Canvas, type Thesis, attachments, canvases, proofPoints, theses, users, vbus } from "../../db/schema";
import { ATTACHMENT_CONTENT_TYPES } from "../../lib/attachments/vocabulary";
import {
  createCanvas,
  createEvidence,
  createPerson,
  createProofPoint,
  createReview,
  createThesis,
  createVbuWithoutCanvas,
} from "../factories";
import { ENGINES, type TestDatabase, createTestDatabase, queryRows } from "../support/database";

// ---------------------------------------------------------------------------- helpers

const TABLES = ["users", "vbus", "canvases", "theses", "proof_points", "attachments"] as const;
// Other features add tables of their own: the checks below look at the contract's six only.
const inContractTables = sql.join(
  TABLES.map((t) => sql`${t}`),
  sql`, `,
);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function single<T>(list: T[]): T {
  expect(list).toHaveLength(1);
  return list[0] as T;
}

/** The fields both drivers put on a server error, under their two spellings. */
interface DriverError {
  code?: string;
  constraint_name?: string; // postgres.js
  constraint?: string; // PGlite
  column_name?: string; // postgres.js
  column?: string; // PGlite
}

function driverError(error: unknown): DriverError {
  // Drizzle wraps the driver's error in `cause`; an error raised by COMMIT comes unwrapped.
  if (error instanceof Error && typeof error.cause === "object" && error.cause !== null && "code" in error.cause) {
    return error.cause as DriverError;
  }
  return error as DriverError;
}

interface Violation {
  code: string;
  /** The constraint (or index) PostgreSQL names; omitted for errors that name none (22001, 22P02). */
  constraint?: string;
  /** Only for 23502, which names the column instead. */
  column?: string;
}

/** Asserts that the statement fails with exactly this SQLSTATE and constraint name. */
async function expectViolation(statement: PromiseLike<unknown>, expected: Violation): Promise<void> {
  let caught: unknown;
  try {
    await statement;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected SQLSTATE ${expected.code} ${expected.constraint ?? ""}, but it succeeded`).toBeDefined();
  const error = driverError(caught);
  const actual: Violation = { code: error.code ?? "(none)", constraint: error.constraint_name ?? error.constraint };
  if (expected.column !== undefined) actual.column = error.column_name ?? error.column;
  expect(actual, String(caught)).toEqual(expected);
}

const violates = {
  check: (constraint: string): Violation => ({ code: "23514", constraint }),
  unique: (constraint: string): Violation => ({ code: "23505", constraint }),
  foreignKey: (constraint: string): Violation => ({ code: "23503", constraint }),
  notNull: (column: string): Violation => ({ code: "23502", column }),
  tooLong: { code: "22001" } satisfies Violation,
  badEnumText: { code: "22P02" } satisfies Violation,
};

// ---------------------------------------------------------------------------- factories
// tests/factories.ts: each inserts one valid row, creating whatever it references unless the caller gives it.

/** A canvas with theses ordered 1..n, texts "T1".."Tn". */
async function canvasWithTheses(db: Database, n: number): Promise<{ canvas: Canvas; theses: Thesis[] }> {
  const canvas = await createCanvas(db);
  const made: Thesis[] = [];
  for (let order = 1; order <= n; order++)
    made.push(await createThesis(db, { canvasId: canvas.id, order, text: `T${order}` }));
  return { canvas, theses: made };
}

async function thesisTextsByOrder(db: Database, canvasId: string): Promise<string[]> {
  const list = await db.select().from(theses).where(eq(theses.canvasId, canvasId)).orderBy(asc(theses.order));
  return list.map((t) => `${t.order}:${t.text}`);
}

// ---------------------------------------------------------------------------- the suite

describe.each(ENGINES)("the data contract on %s", (engine) => {
  let database: TestDatabase;
  let db: Database;
  /** The SQLSTATE of an ON DELETE RESTRICT violation: 23503 up to PostgreSQL 17, 23001 from 18 on. */
  let restrictCode: string;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    db = database.db;
    const { version } = single(
      await queryRows<{ version: number }>(db, sql`SELECT current_setting('server_version_num')::int AS version`),
    );
    restrictCode = Number(version) >= 180000 ? "23001" : "23503";
  });
  afterAll(async () => {
    await database?.drop();
  });

  describe("CHECK constraints", () => {
    it("ck_users_email_not_empty and ck_users_name_not_empty refuse blank values", async () => {
      for (const blank of ["", "   "]) {
        await expectViolation(createPerson(db, { email: blank }), violates.check("ck_users_email_not_empty"));
        await expectViolation(createPerson(db, { name: blank }), violates.check("ck_users_name_not_empty"));
      }
      await expect(createPerson(db, { name: "A" })).resolves.toMatchObject({ name: "A" });
    });

    it("ck_vbus_name_not_empty refuses '' and '   ', accepts 'A'", async () => {
      for (const name of ["", "   "])
        await expectViolation(createVbuWithoutCanvas(db, { name }), violates.check("ck_vbus_name_not_empty"));
      await expect(createVbuWithoutCanvas(db, { name: "A" })).resolves.toMatchObject({ name: "A" });
    });

    it("ck_canvas_product_name accepts NULL and a name, refuses a blank one", async () => {
      await expectViolation(createCanvas(db, { productName: "  " }), violates.check("ck_canvas_product_name"));
      await expectViolation(createCanvas(db, { productName: "" }), violates.check("ck_canvas_product_name"));
      await expect(createCanvas(db, { productName: null })).resolves.toMatchObject({ productName: null });
      await expect(createCanvas(db, { productName: "Atlas" })).resolves.toMatchObject({ productName: "Atlas" });
    });

    it("ck_currently_testing_consistency needs the type and the id together", async () => {
      const id = randomUUID(); // no foreign key: any uuid will do here (NOTES.md #5)
      const constraint = violates.check("ck_currently_testing_consistency");
      await expectViolation(createCanvas(db, { currentlyTestingType: "thesis", currentlyTestingId: null }), constraint);
      await expectViolation(createCanvas(db, { currentlyTestingType: null, currentlyTestingId: id }), constraint);
      await expect(
        createCanvas(db, { currentlyTestingType: "proof_point", currentlyTestingId: id }),
      ).resolves.toMatchObject({
        currentlyTestingType: "proof_point",
        currentlyTestingId: id,
      });
      await expect(createCanvas(db, { currentlyTestingType: null, currentlyTestingId: null })).resolves.toMatchObject({
        currentlyTestingType: null,
        currentlyTestingId: null,
      });
    });

    it("ck_canvas_version_positive refuses version 0, accepts 1", async () => {
      await expectViolation(createCanvas(db, { version: 0 }), violates.check("ck_canvas_version_positive"));
      await expectViolation(createCanvas(db, { version: -1 }), violates.check("ck_canvas_version_positive"));
      await expect(createCanvas(db, { version: 1 })).resolves.toMatchObject({ version: 1 });
    });

    it("ck_thesis_order_range refuses 0 and 6, accepts 1 and 5", async () => {
      const canvas = await createCanvas(db);
      for (const order of [0, 6]) {
        await expectViolation(
          createThesis(db, { canvasId: canvas.id, order }),
          violates.check("ck_thesis_order_range"),
        );
      }
      for (const order of [1, 5]) {
        await expect(createThesis(db, { canvasId: canvas.id, order })).resolves.toMatchObject({ order });
      }
    });

    it("ck_thesis_text_not_empty refuses blank text", async () => {
      for (const text of ["", "   "])
        await expectViolation(createThesis(db, { text }), violates.check("ck_thesis_text_not_empty"));
      await expect(createThesis(db, { text: "x" })).resolves.toMatchObject({ text: "x" });
    });

    it("ck_proof_point_description_not_empty refuses a blank description", async () => {
      for (const description of ["", "   "]) {
        await expectViolation(
          createProofPoint(db, { description }),
          violates.check("ck_proof_point_description_not_empty"),
        );
      }
      await expect(createProofPoint(db, { description: "x" })).resolves.toMatchObject({ description: "x" });
    });

    it("ck_attachment_filename_not_empty refuses a blank filename", async () => {
      for (const filename of ["", "   "]) {
        await expectViolation(createEvidence(db, { filename }), violates.check("ck_attachment_filename_not_empty"));
      }
      await expect(createEvidence(db, { filename: "a.png", contentType: "image/png" })).resolves.toMatchObject({
        filename: "a.png",
      });
    });

    it("ck_attachment_storage_path_not_empty refuses a blank storage path", async () => {
      for (const storagePath of ["", "   "]) {
        await expectViolation(
          createEvidence(db, { storagePath }),
          violates.check("ck_attachment_storage_path_not_empty"),
        );
      }
      const storagePath = `p/${randomUUID()}`;
      await expect(createEvidence(db, { storagePath })).resolves.toMatchObject({ storagePath });
    });

    it("ck_attachment_size_range refuses 0 and 10485761 bytes, accepts 1 and 10485760", async () => {
      for (const sizeBytes of [0, -1, 10_485_761]) {
        await expectViolation(createEvidence(db, { sizeBytes }), violates.check("ck_attachment_size_range"));
      }
      for (const sizeBytes of [1, 10_485_760]) {
        await expect(createEvidence(db, { sizeBytes })).resolves.toMatchObject({ sizeBytes });
      }
    });

    it("ck_attachment_label accepts NULL and a label, refuses a blank one", async () => {
      for (const label of ["", "  "])
        await expectViolation(createEvidence(db, { label }), violates.check("ck_attachment_label"));
      await expect(createEvidence(db, { label: null })).resolves.toMatchObject({ label: null });
      await expect(createEvidence(db, { label: "Q3 pilot" })).resolves.toMatchObject({ label: "Q3 pilot" });
    });

    it("ck_attachment_content_type accepts exactly the six allowed types", async () => {
      expect(ATTACHMENT_CONTENT_TYPES).toHaveLength(6);
      for (const contentType of ATTACHMENT_CONTENT_TYPES) {
        await expect(createEvidence(db, { contentType })).resolves.toMatchObject({ contentType });
      }
      for (const contentType of ["image/svg+xml", "text/html", "IMAGE/PNG", ""]) {
        await expectViolation(createEvidence(db, { contentType }), violates.check("ck_attachment_content_type"));
      }
    });

    it("ck_attachment_single_parent needs exactly one of proof_point_id and monthly_review_id", async () => {
      const constraint = violates.check("ck_attachment_single_parent");
      const proofPoint = await createProofPoint(db);
      await expectViolation(createEvidence(db, { proofPointId: null, monthlyReviewId: null }), constraint);
      const review = await createReview(db);
      await expectViolation(
        createEvidence(db, { proofPointId: proofPoint.id, monthlyReviewId: review.id }),
        constraint,
      );
      await expect(createEvidence(db, { proofPointId: proofPoint.id, monthlyReviewId: null })).resolves.toMatchObject({
        proofPointId: proofPoint.id,
        monthlyReviewId: null,
      });
      // A monthly review alone is a parent too (NOTES.md #6)…
      await expect(createEvidence(db, { proofPointId: null, monthlyReviewId: review.id })).resolves.toMatchObject({
        proofPointId: null,
        monthlyReviewId: review.id,
      });
      // …but only one that exists (the foreign key the contract left out).
      await expectViolation(
        createEvidence(db, { proofPointId: null, monthlyReviewId: randomUUID() }),
        violates.foreignKey("attachments_monthly_review_id_fkey"),
      );
    });
  });

  describe("monthly_reviews (NOTES.md #6)", () => {
    const snapshot = { schema: 1 } as never; // the database keeps any JSON: lib/reviews writes the real one
    const published = { status: "published", health: "on_track", snapshot, publishedAt: new Date() } as const;

    it("stores a month as its first day, once per VBU", async () => {
      const review = await createReview(db, { month: "2026-11-01" });
      await expectViolation(
        createReview(db, { month: "2026-11-02" }),
        violates.check("ck_monthly_review_month_first_day"),
      );
      await expectViolation(
        createReview(db, { vbuId: review.vbuId, month: "2026-11-01" }),
        violates.unique("uq_monthly_reviews_vbu_month"),
      );
      await expect(createReview(db, { vbuId: review.vbuId, month: "2026-10-01" })).resolves.toMatchObject({
        status: "draft",
        version: 1,
      });
    });

    it("a published review has its snapshot, time and health; a draft has none of them; only published ones are acknowledged", async () => {
      const constraint = violates.check("ck_monthly_review_published");
      await expectViolation(createReview(db, { ...published, health: null }), constraint);
      await expectViolation(createReview(db, { ...published, snapshot: null }), constraint);
      await expectViolation(createReview(db, { ...published, publishedAt: null }), constraint);
      await expectViolation(createReview(db, { snapshot }), constraint);
      await expectViolation(
        createReview(db, { acknowledgedAt: new Date() }),
        violates.check("ck_monthly_review_acknowledged"),
      );
      await expect(createReview(db, { ...published, acknowledgedAt: new Date() })).resolves.toMatchObject({
        status: "published",
      });
    });

    it("go with their VBU, and their evidence with them, its files through the deletion outbox", async () => {
      const review = await createReview(db);
      const evidence = await createEvidence(db, { proofPointId: null, monthlyReviewId: review.id });
      await db.delete(vbus).where(eq(vbus.id, review.vbuId));
      expect(await db.select().from(attachments).where(eq(attachments.id, evidence.id))).toEqual([]);
      const outbox = await queryRows<{ path: string }>(
        db,
        sql`SELECT storage_path AS path FROM deleted_attachment_files WHERE storage_path = ${evidence.storagePath}`,
      );
      expect(outbox).toEqual([{ path: evidence.storagePath }]);
    });
  });

  describe("NOT NULL columns", () => {
    it("refuses NULL where the contract says nullable=False", async () => {
      // Drizzle's types forbid these nulls; the cast shows the database refuses them too.
      const nothing = null as unknown as string;
      await expectViolation(createPerson(db, { email: nothing }), violates.notNull("email"));
      await expectViolation(createVbuWithoutCanvas(db, { name: nothing }), violates.notNull("name"));
      await expectViolation(
        createCanvas(db, { lifecycleLane: null as unknown as "build" }),
        violates.notNull("lifecycle_lane"),
      );
      await expectViolation(createThesis(db, { text: nothing }), violates.notNull("text"));
      await expectViolation(createProofPoint(db, { description: nothing }), violates.notNull("description"));
      await expectViolation(createEvidence(db, { contentType: nothing }), violates.notNull("content_type"));
      await expectViolation(
        createEvidence(db, { sizeBytes: null as unknown as number }),
        violates.notNull("size_bytes"),
      );
    });
  });

  describe("varchar lengths", () => {
    const fill = (length: number) => "x".repeat(length);
    // A unique value of exactly `length` characters, for the unique columns.
    const uniqueOf = (length: number) => randomUUID().padEnd(length, "x");

    const cases: { column: string; max: number; insert: (value: string) => Promise<unknown> }[] = [
      { column: "users.email", max: 255, insert: (email) => createPerson(db, { email }) },
      { column: "users.name", max: 255, insert: (name) => createPerson(db, { name }) },
      { column: "vbus.name", max: 255, insert: (name) => createVbuWithoutCanvas(db, { name }) },
      { column: "canvases.product_name", max: 255, insert: (productName) => createCanvas(db, { productName }) },
      { column: "canvases.primary_focus", max: 255, insert: (primaryFocus) => createCanvas(db, { primaryFocus }) },
      { column: "attachments.filename", max: 255, insert: (filename) => createEvidence(db, { filename }) },
      { column: "attachments.label", max: 255, insert: (label) => createEvidence(db, { label }) },
      { column: "attachments.storage_path", max: 1024, insert: (storagePath) => createEvidence(db, { storagePath }) },
    ];

    it.each(cases)("$column takes $max characters and refuses one more (22001)", async ({ column, max, insert }) => {
      const unique = column === "users.email" || column === "attachments.storage_path";
      const value = (length: number) => (unique ? uniqueOf(length) : fill(length));
      await expect(insert(value(max))).resolves.toBeDefined();
      await expectViolation(insert(value(max + 1)), violates.tooLong);
    });
  });

  describe("UNIQUE constraints", () => {
    it("uq_canvases_vbu_id: one canvas per VBU", async () => {
      const canvas = await createCanvas(db);
      await expectViolation(createCanvas(db, { vbuId: canvas.vbuId }), violates.unique("uq_canvases_vbu_id"));
      await expect(createCanvas(db)).resolves.toBeDefined(); // another VBU
    });

    it("uq_theses_canvas_order: an order once per canvas, the same order in another canvas", async () => {
      const first = await createThesis(db, { order: 3 });
      await expectViolation(
        createThesis(db, { canvasId: first.canvasId, order: 3 }),
        violates.unique("uq_theses_canvas_order"),
      );
      await expect(createThesis(db, { order: 3 })).resolves.toMatchObject({ order: 3 });
      await expect(createThesis(db, { canvasId: first.canvasId, order: 4 })).resolves.toMatchObject({ order: 4 });
    });

    it("uq_attachments_storage_path: a storage path once", async () => {
      const attachment = await createEvidence(db);
      await expectViolation(
        createEvidence(db, { storagePath: attachment.storagePath }),
        violates.unique("uq_attachments_storage_path"),
      );
      await expect(createEvidence(db, { storagePath: `${attachment.storagePath}.2` })).resolves.toBeDefined();
    });

    it("uq_users_email_lower: emails differing only in case collide", async () => {
      const local = `ana.${randomUUID()}`;
      await createPerson(db, { email: `${local.replace("ana", "Ana")}@X.example` });
      await expectViolation(createPerson(db, { email: `${local}@x.example` }), violates.unique("uq_users_email_lower"));
      await expect(createPerson(db, { email: `${local}@y.example` })).resolves.toBeDefined();
    });
  });

  describe("foreign keys and ON DELETE rules", () => {
    const userExists = async (id: string) => (await db.select().from(users).where(eq(users.id, id))).length === 1;

    it("vbus_gm_id_fkey is RESTRICT: a VBU's GM cannot be deleted, until another GM takes over", async () => {
      const vbu = await createVbuWithoutCanvas(db);
      await expectViolation(db.delete(users).where(eq(users.id, vbu.gmId)), {
        code: restrictCode,
        constraint: "vbus_gm_id_fkey",
      });
      expect(await userExists(vbu.gmId)).toBe(true);

      const successor = await createPerson(db, { role: "gm" });
      await db.update(vbus).set({ gmId: successor.id }).where(eq(vbus.id, vbu.id));
      await db.delete(users).where(eq(users.id, vbu.gmId));
      expect(await userExists(vbu.gmId)).toBe(false);
    });

    it("attachments_uploaded_by_fkey is RESTRICT: an uploader cannot be deleted while their attachment exists", async () => {
      const attachment = await createEvidence(db);
      await expectViolation(db.delete(users).where(eq(users.id, attachment.uploadedBy)), {
        code: restrictCode,
        constraint: "attachments_uploaded_by_fkey",
      });
      expect(await userExists(attachment.uploadedBy)).toBe(true);

      await db.delete(attachments).where(eq(attachments.id, attachment.id));
      await db.delete(users).where(eq(users.id, attachment.uploadedBy));
      expect(await userExists(attachment.uploadedBy)).toBe(false);
    });

    it("updated_by and version_saved_by are SET NULL: deleting the editor keeps the VBU and canvas, without an editor", async () => {
      const editor = await createPerson(db);
      const bystander = await createPerson(db);
      const vbu = await createVbuWithoutCanvas(db, { updatedBy: editor.id });
      const canvas = await createCanvas(db, { vbuId: vbu.id, updatedBy: editor.id, versionSavedBy: editor.id });
      const other = await createCanvas(db, { updatedBy: bystander.id, versionSavedBy: bystander.id });

      await db.delete(users).where(eq(users.id, editor.id));

      expect(await db.select().from(vbus).where(eq(vbus.id, vbu.id))).toMatchObject([{ id: vbu.id, updatedBy: null }]);
      expect(await db.select().from(canvases).where(eq(canvases.id, canvas.id))).toMatchObject([
        { id: canvas.id, updatedBy: null, versionSavedBy: null },
      ]);
      expect(await db.select().from(canvases).where(eq(canvases.id, other.id))).toMatchObject([
        { updatedBy: bystander.id, versionSavedBy: bystander.id },
      ]);
    });

    it("deleting a VBU cascades to its canvas, theses, proof points and attachments, and no further", async () => {
      const build = async () => {
        const vbu = await createVbuWithoutCanvas(db);
        const canvas = await createCanvas(db, { vbuId: vbu.id });
        const thesisIds: string[] = [];
        const proofPointIds: string[] = [];
        for (const order of [1, 2]) {
          const thesis = await createThesis(db, { canvasId: canvas.id, order });
          thesisIds.push(thesis.id);
          for (let i = 0; i < 2; i++) {
            const proofPoint = await createProofPoint(db, { thesisId: thesis.id });
            proofPointIds.push(proofPoint.id);
            await createEvidence(db, { proofPointId: proofPoint.id });
          }
        }
        return { vbu, canvas, thesisIds, proofPointIds };
      };
      const counts = async (tree: Awaited<ReturnType<typeof build>>) => {
        const n = async (query: Promise<{ n: number }[]>) => single(await query).n;
        return {
          vbus: await n(db.select({ n: count() }).from(vbus).where(eq(vbus.id, tree.vbu.id))),
          canvases: await n(db.select({ n: count() }).from(canvases).where(eq(canvases.vbuId, tree.vbu.id))),
          theses: await n(db.select({ n: count() }).from(theses).where(eq(theses.canvasId, tree.canvas.id))),
          proofPoints: await n(
            db.select({ n: count() }).from(proofPoints).where(inArray(proofPoints.thesisId, tree.thesisIds)),
          ),
          attachments: await n(
            db.select({ n: count() }).from(attachments).where(inArray(attachments.proofPointId, tree.proofPointIds)),
          ),
        };
      };
      const full = { vbus: 1, canvases: 1, theses: 2, proofPoints: 4, attachments: 4 };
      const doomed = await build();
      const kept = await build();
      expect(await counts(doomed)).toEqual(full);
      expect(await counts(kept)).toEqual(full);

      await db.delete(vbus).where(eq(vbus.id, doomed.vbu.id));

      expect(await counts(doomed)).toEqual({ vbus: 0, canvases: 0, theses: 0, proofPoints: 0, attachments: 0 });
      expect(await counts(kept)).toEqual(full);
      expect(await userExists(doomed.vbu.gmId)).toBe(true);
    });

    it("every foreign key refuses a reference to a row that does not exist", async () => {
      const missing = randomUUID();
      const proofPoint = await createProofPoint(db);
      await expectViolation(createVbuWithoutCanvas(db, { gmId: missing }), violates.foreignKey("vbus_gm_id_fkey"));
      await expectViolation(
        createVbuWithoutCanvas(db, { updatedBy: missing }),
        violates.foreignKey("vbus_updated_by_fkey"),
      );
      await expectViolation(createCanvas(db, { vbuId: missing }), violates.foreignKey("canvases_vbu_id_fkey"));
      await expectViolation(createCanvas(db, { updatedBy: missing }), violates.foreignKey("canvases_updated_by_fkey"));
      await expectViolation(
        createCanvas(db, { versionSavedBy: missing }),
        violates.foreignKey("canvases_version_saved_by_fkey"),
      );
      await expectViolation(createThesis(db, { canvasId: missing }), violates.foreignKey("theses_canvas_id_fkey"));
      await expectViolation(
        createProofPoint(db, { thesisId: missing }),
        violates.foreignKey("proof_points_thesis_id_fkey"),
      );
      await expectViolation(
        createEvidence(db, { proofPointId: missing }),
        violates.foreignKey("attachments_proof_point_id_fkey"),
      );
      await expectViolation(
        createEvidence(db, { uploadedBy: missing }),
        violates.foreignKey("attachments_uploaded_by_fkey"),
      );
      // The same inserts with rows that exist pass.
      await expect(createEvidence(db, { proofPointId: proofPoint.id })).resolves.toMatchObject({
        proofPointId: proofPoint.id,
      });
    });
  });

  describe("server defaults", () => {
    it("fills id, role, status, version and timestamps when raw SQL leaves them out", async () => {
      // Raw SQL on purpose: Drizzle's client-side defaults must not hide a missing server default.
      const before = Date.now();
      const id = async (query: SQL) => single(await queryRows<{ id: string }>(db, query)).id;
      const userId = await id(
        sql`INSERT INTO users (email, name) VALUES (${`${randomUUID()}@raw.example`}, 'Raw') RETURNING id`,
      );
      const vbuId = await id(sql`INSERT INTO vbus (name, gm_id) VALUES ('Raw VBU', ${userId}) RETURNING id`);
      const canvasId = await id(
        sql`INSERT INTO canvases (vbu_id, lifecycle_lane) VALUES (${vbuId}, 'sell') RETURNING id`,
      );
      const thesisId = await id(
        sql`INSERT INTO theses (canvas_id, "order", text) VALUES (${canvasId}, 1, 'Raw thesis') RETURNING id`,
      );
      const proofPointId = await id(
        sql`INSERT INTO proof_points (thesis_id, description) VALUES (${thesisId}, 'Raw proof') RETURNING id`,
      );
      const attachmentId = await id(
        sql`INSERT INTO attachments (proof_point_id, filename, storage_path, content_type, size_bytes, uploaded_by)
            VALUES (${proofPointId}, 'raw.csv', ${`raw/${randomUUID()}`}, 'text/csv', 10, ${userId}) RETURNING id`,
      );
      const after = Date.now();

      for (const uuid of [userId, vbuId, canvasId, thesisId, proofPointId, attachmentId]) expect(uuid).toMatch(UUID);

      const user = single(await db.select().from(users).where(eq(users.id, userId)));
      const vbu = single(await db.select().from(vbus).where(eq(vbus.id, vbuId)));
      const canvas = single(await db.select().from(canvases).where(eq(canvases.id, canvasId)));
      const thesis = single(await db.select().from(theses).where(eq(theses.id, thesisId)));
      const proofPoint = single(await db.select().from(proofPoints).where(eq(proofPoints.id, proofPointId)));
      const attachment = single(await db.select().from(attachments).where(eq(attachments.id, attachmentId)));

      expect(user.role).toBe("viewer");
      expect(canvas.version).toBe(1);
      expect(proofPoint.status).toBe("not_started");
      expect(vbu.updatedBy).toBeNull();

      const timestamps = [
        user.createdAt,
        user.updatedAt,
        vbu.createdAt,
        vbu.updatedAt,
        canvas.createdAt,
        canvas.updatedAt,
        thesis.createdAt,
        thesis.updatedAt,
        proofPoint.createdAt,
        proofPoint.updatedAt,
        attachment.createdAt,
      ];
      for (const timestamp of timestamps) {
        // A few seconds of slack: the server's clock and rounding, not the test's speed.
        expect(timestamp.getTime()).toBeGreaterThanOrEqual(before - 5_000);
        expect(timestamp.getTime()).toBeLessThanOrEqual(after + 5_000);
      }
    });

    it("declares a server default for every id and for proof_points.status", async () => {
      const declared = await queryRows<{ table_name: string; column_name: string; column_default: string | null }>(
        db,
        sql`SELECT table_name, column_name, column_default FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name IN (${inContractTables})
              AND (column_name = 'id' OR (table_name = 'proof_points' AND column_name = 'status'))
            ORDER BY table_name, column_name`,
      );
      const defaults = Object.fromEntries(declared.map((c) => [`${c.table_name}.${c.column_name}`, c.column_default]));
      expect(Object.keys(defaults).sort()).toEqual([...TABLES.map((t) => `${t}.id`), "proof_points.status"].sort());
      for (const table of TABLES) expect(defaults[`${table}.id`]).toMatch(/gen_random_uuid\(\)/);
      expect(defaults["proof_points.status"]).toMatch(/'not_started'/);
    });
  });

  describe("enums", () => {
    it("have exactly the contract's labels, in its order", async () => {
      const labels = await queryRows<{ name: string; label: string }>(
        db,
        sql`SELECT t.typname AS name, e.enumlabel AS label
            FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE n.nspname = 'public'
            ORDER BY t.typname, e.enumsortorder`,
      );
      const byType: Record<string, string[]> = {};
      for (const { name, label } of labels) (byType[name] ??= []).push(label);
      expect(byType).toEqual({
        currently_testing_type: ["thesis", "proof_point"],
        lifecycle_lane: ["build", "sell", "milk", "reframe"],
        proof_point_status: ["not_started", "in_progress", "observed", "stalled"],
        review_health: ["on_track", "at_risk", "off_track"],
        review_status: ["draft", "published"],
        user_role: ["admin", "gm", "viewer"],
      });
    });

    it("refuse an unknown label (22P02) and take a known one", async () => {
      const vbu = await createVbuWithoutCanvas(db);
      await expectViolation(
        db.execute(sql`INSERT INTO canvases (vbu_id, lifecycle_lane) VALUES (${vbu.id}, 'harvest')`),
        violates.badEnumText,
      );
      await expectViolation(
        db.execute(sql`INSERT INTO canvases (vbu_id, lifecycle_lane) VALUES (${vbu.id}, 'Build')`),
        violates.badEnumText,
      );
      await db.execute(sql`INSERT INTO canvases (vbu_id, lifecycle_lane) VALUES (${vbu.id}, 'reframe')`);
      expect(await db.select().from(canvases).where(eq(canvases.vbuId, vbu.id))).toMatchObject([
        { lifecycleLane: "reframe" },
      ]);

      const thesis = await createThesis(db);
      await expectViolation(
        db.execute(sql`INSERT INTO proof_points (thesis_id, description, status) VALUES (${thesis.id}, 'x', 'done')`),
        violates.badEnumText,
      );
      await expectViolation(
        db.execute(sql`INSERT INTO users (email, name, role) VALUES (${`${randomUUID()}@x.example`}, 'x', 'owner')`),
        violates.badEnumText,
      );
      await expectViolation(
        db.execute(sql`UPDATE canvases SET currently_testing_type = 'vbu', currently_testing_id = ${randomUUID()}
                       WHERE vbu_id = ${vbu.id}`),
        violates.badEnumText,
      );
    });
  });

  describe("indexes", () => {
    interface IndexRow extends Record<string, unknown> {
      name: string;
      target: string;
      is_unique: boolean;
    }
    // Each index of the public schema as "table(columns)"; an expression index shows its expression.
    const publicIndexes = () =>
      queryRows<IndexRow>(
        db,
        sql`SELECT c.relname AS name,
                   t.relname || '(' || array_to_string(ARRAY(
                     SELECT CASE WHEN k.attnum = 0 THEN 'expr' ELSE a.attname END
                     FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
                     LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                     ORDER BY k.n), ',') || ')' AS target,
                   i.indisunique AS is_unique
            FROM pg_index i
            JOIN pg_class c ON c.oid = i.indexrelid
            JOIN pg_class t ON t.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'public' AND t.relname IN (${inContractTables})`,
      );

    it("has every index the contract names, on the right table and columns", async () => {
      const listed = await queryRows<{ indexname: string }>(
        db,
        sql`SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename IN (${inContractTables})`,
      );
      const names = listed.map((r) => r.indexname);
      const expected: Record<string, string> = {
        ix_vbus_gm_id: "vbus(gm_id)",
        uq_canvases_vbu_id: "canvases(vbu_id)",
        ix_canvases_lifecycle_lane: "canvases(lifecycle_lane)",
        ix_theses_canvas_id: "theses(canvas_id)",
        uq_theses_canvas_order: "theses(canvas_id,order)",
        ix_proof_points_thesis_id: "proof_points(thesis_id)",
        ix_proof_points_status: "proof_points(status)",
        ix_attachments_proof_point_id: "attachments(proof_point_id)",
        ix_attachments_uploaded_by: "attachments(uploaded_by)",
        uq_attachments_storage_path: "attachments(storage_path)",
        uq_users_email_lower: "users(expr)",
        ...Object.fromEntries(TABLES.map((t) => [`${t}_pkey`, `${t}(id)`])),
      };
      expect(names).toEqual(expect.arrayContaining(Object.keys(expected)));

      const on = Object.fromEntries((await publicIndexes()).map((i) => [i.name, i.target]));
      expect(on).toMatchObject(expected);
    });

    it("has one unique index per unique rule: none duplicated (NOTES.md #4)", async () => {
      const unique = (await publicIndexes()).filter((i) => i.is_unique);
      const perColumns = (target: string) => unique.filter((i) => i.target === target).map((i) => i.name);
      expect(perColumns("canvases(vbu_id)")).toEqual(["uq_canvases_vbu_id"]);
      expect(perColumns("attachments(storage_path)")).toEqual(["uq_attachments_storage_path"]);
      expect(perColumns("theses(canvas_id,order)")).toEqual(["uq_theses_canvas_order"]);
      expect(unique.map((i) => i.name).sort()).toEqual(
        [
          ...TABLES.map((t) => `${t}_pkey`),
          "uq_attachments_storage_path",
          "uq_canvases_vbu_id",
          "uq_theses_canvas_order",
          "uq_users_email_lower",
        ].sort(),
      );
    });
  });

  describe("the deferrable thesis order (NOTES.md #3)", () => {
    const swapOneAndTwo = async (tx: Database, canvasId: string) => {
      const one = and(eq(theses.canvasId, canvasId), eq(theses.order, 1));
      const two = and(eq(theses.canvasId, canvasId), eq(theses.order, 2));
      const first = single(await tx.select().from(theses).where(one));
      await tx.update(theses).set({ order: 1 }).where(two);
      await tx.update(theses).set({ order: 2 }).where(eq(theses.id, first.id));
    };

    it("uq_theses_canvas_order is DEFERRABLE INITIALLY IMMEDIATE", async () => {
      const constraint = single(
        await queryRows<{ contype: string; condeferrable: boolean; condeferred: boolean }>(
          db,
          sql`SELECT contype, condeferrable, condeferred FROM pg_constraint
              WHERE conname = 'uq_theses_canvas_order' AND conrelid = 'theses'::regclass`,
        ),
      );
      expect(constraint).toEqual({ contype: "u", condeferrable: true, condeferred: false });
    });

    it("reorders five theses in one statement", async () => {
      const { canvas } = await canvasWithTheses(db, 5);
      await db
        .update(theses)
        .set({ order: sql`6 - ${theses.order}` })
        .where(eq(theses.canvasId, canvas.id));
      expect(await thesisTextsByOrder(db, canvas.id)).toEqual(["1:T5", "2:T4", "3:T3", "4:T2", "5:T1"]);
    });

    it("swaps two theses with two UPDATEs once the constraint is deferred", async () => {
      const { canvas } = await canvasWithTheses(db, 5);
      await db.transaction(async (tx) => {
        await tx.execute(sql`SET CONSTRAINTS uq_theses_canvas_order DEFERRED`);
        await swapOneAndTwo(tx, canvas.id);
      });
      expect(await thesisTextsByOrder(db, canvas.id)).toEqual(["1:T2", "2:T1", "3:T3", "4:T4", "5:T5"]);
    });

    it("refuses the same swap without deferring, at the first UPDATE (23505)", async () => {
      const { canvas } = await canvasWithTheses(db, 5);
      await expectViolation(
        db.transaction((tx) => swapOneAndTwo(tx, canvas.id)),
        violates.unique("uq_theses_canvas_order"),
      );
      expect(await thesisTextsByOrder(db, canvas.id)).toEqual(["1:T1", "2:T2", "3:T3", "4:T4", "5:T5"]);
    });

    it("refuses at COMMIT a deferred transaction that leaves a duplicate order, and keeps the old orders", async () => {
      const { canvas, theses: made } = await canvasWithTheses(db, 5);
      const first = single(made.filter((t) => t.order === 1));
      await expectViolation(
        db.transaction(async (tx) => {
          await tx.execute(sql`SET CONSTRAINTS uq_theses_canvas_order DEFERRED`);
          await tx.update(theses).set({ order: 2 }).where(eq(theses.id, first.id)); // passes: checked at COMMIT
        }),
        violates.unique("uq_theses_canvas_order"),
      );
      expect(await thesisTextsByOrder(db, canvas.id)).toEqual(["1:T1", "2:T2", "3:T3", "4:T4", "5:T5"]);
    });
  });
});
