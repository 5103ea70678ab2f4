// The one way tests build data, shared by the vitest suites and the Playwright specs: each
// builder takes the Drizzle database to write to (vitest: getDb() or a test database; Playwright:
// the run's database, opened by e2e/fixtures.ts), inserts one valid row in the product's words,
// creating whatever the row belongs to unless it is given, and returns the row as stored, ids
// included. Any column may be set; what a test does not set is a fresh, valid default.
// No vitest or Playwright import here: both runners load this module.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database } from "../db/client";
import {
  type Attachment,
  attachments,
  type Canvas,
  canvases,
  type CurrentlyTestingType,
  type LifecycleLane,
  type MonthlyReview,
  monthlyReviews,
  type NewAttachment,
  type NewCanvas,
  type NewProofPoint,
  type NewThesis,
  type NewUser,
  type NewVbu,
  type ProofPoint,
  proofPoints,
  type Thesis,
  theses,
  type User,
  users,
  type Vbu,
  vbus,
} from "../db/schema";

/** A short random tag, to tell apart the names of rows made by different tests. */
export const uniqueTag = () => randomUUID().slice(0, 8);

function single<T>(rows: T[]): T {
  if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}`);
  return rows[0]!;
}

/** A person: a viewer unless told, with a unique email and name. */
export async function createPerson(db: Database, values: Partial<NewUser> = {}): Promise<User> {
  const row: NewUser = { email: `${randomUUID()}@test.example`, name: `Person ${uniqueTag()}`, ...values };
  return single(await db.insert(users).values(row).returning());
}

/**
 * A VBU row alone, without its canvas (for the data contract's checks on the table itself); its
 * GM is a new person with the GM role unless told. The app always makes both: see createVbu.
 */
export async function createVbuWithoutCanvas(db: Database, values: Partial<NewVbu> = {}): Promise<Vbu> {
  const gmId = values.gmId ?? (await createPerson(db, { role: "gm" })).id;
  return single(
    await db
      .insert(vbus)
      .values({ name: `VBU ${uniqueTag()}`, ...values, gmId })
      .returning(),
  );
}

/** A canvas (in the build lane unless told, every text empty), for a new VBU unless told which. */
export async function createCanvas(db: Database, values: Partial<NewCanvas> = {}): Promise<Canvas> {
  const vbuId = values.vbuId ?? (await createVbuWithoutCanvas(db)).id;
  return single(
    await db
      .insert(canvases)
      .values({ lifecycleLane: "build", ...values, vbuId })
      .returning(),
  );
}

export interface VbuSpec {
  name?: string;
  /** Its GM; a new person with the GM role unless told. */
  gmId?: string;
  /** The canvas's lifecycle lane: build unless told. */
  lane?: LifecycleLane;
  /** Other canvas columns to set (product name, portfolio notes…). */
  canvas?: Partial<Omit<NewCanvas, "id" | "vbuId" | "lifecycleLane">>;
}

export interface CreatedVbu {
  vbuId: string;
  canvasId: string;
  name: string;
  gmId: string;
}

/** A VBU with its canvas, as the app makes them: its name, GM, lane and canvas values. */
export async function createVbu(db: Database, spec: VbuSpec = {}): Promise<CreatedVbu> {
  const vbu = await createVbuWithoutCanvas(db, { name: spec.name ?? `VBU ${uniqueTag()}`, gmId: spec.gmId });
  const canvas = await createCanvas(db, { ...spec.canvas, lifecycleLane: spec.lane ?? "build", vbuId: vbu.id });
  return { vbuId: vbu.id, canvasId: canvas.id, name: vbu.name, gmId: vbu.gmId };
}

/** A thesis (order 1 unless told), on a new canvas unless told which. */
export async function createThesis(db: Database, values: Partial<NewThesis> = {}): Promise<Thesis> {
  const canvasId = values.canvasId ?? (await createCanvas(db)).id;
  const row: NewThesis = { order: 1, text: "Customers will pay for it", ...values, canvasId };
  return single(await db.insert(theses).values(row).returning());
}

export type ProofPointSpec = Partial<NewProofPoint> & {
  /** The target review month as YYYY-MM (stored as its first day); overrides targetReviewMonth. */
  reviewMonth?: string | null;
};

/** A proof point (not started unless told, no review month), under a new thesis unless told which. */
export async function createProofPoint(db: Database, spec: ProofPointSpec = {}): Promise<ProofPoint> {
  const { reviewMonth, ...values } = spec;
  const thesisId = values.thesisId ?? (await createThesis(db)).id;
  const row: NewProofPoint = { description: "Three paying pilots", ...values, thesisId };
  if (reviewMonth !== undefined) row.targetReviewMonth = reviewMonth === null ? null : `${reviewMonth}-01`;
  return single(await db.insert(proofPoints).values(row).returning());
}

/**
 * An evidence file's row (a PDF of 1 KiB unless told; no file is stored), on a new proof point
 * and uploaded by a new person unless told. `proofPointId: null` is a value (no proof point).
 */
export async function createEvidence(db: Database, values: Partial<NewAttachment> = {}): Promise<Attachment> {
  const proofPointId = values.proofPointId === undefined ? (await createProofPoint(db)).id : values.proofPointId;
  const uploadedBy = values.uploadedBy ?? (await createPerson(db)).id;
  const row: NewAttachment = {
    filename: "evidence.pdf",
    storagePath: `attachments/${randomUUID()}/evidence.pdf`,
    contentType: "application/pdf",
    sizeBytes: 1024,
    ...values,
    proofPointId,
    uploadedBy,
  };
  return single(await db.insert(attachments).values(row).returning());
}

/**
 * A monthly review: a draft of this month's, for a new VBU, unless told otherwise. A published
 * one needs `status`, `health`, `snapshot` and `publishedAt` (the database's CHECK says so).
 */
export async function createReview(
  db: Database,
  values: Partial<typeof monthlyReviews.$inferInsert> = {},
): Promise<MonthlyReview> {
  const vbuId = values.vbuId ?? (await createVbu(db)).vbuId;
  const month = values.month ?? new Date().toISOString().slice(0, 8) + "01";
  return single(
    await db
      .insert(monthlyReviews)
      .values({ ...values, vbuId, month })
      .returning(),
  );
}

/** Points a canvas at what it is testing now: one of its theses or proof points. */
export async function setCurrentlyTesting(
  db: Database,
  canvasId: string,
  type: CurrentlyTestingType,
  id: string,
): Promise<void> {
  await db
    .update(canvases)
    .set({ currentlyTestingType: type, currentlyTestingId: id })
    .where(eq(canvases.id, canvasId));
}
