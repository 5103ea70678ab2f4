// Shared by the monthly review tests: people and VBUs of their own (tests/factories.ts), a fixed
// clock, the forms' inputs as the schemas parse them, reviews started, saved and published
// through lib/reviews/write.ts, and the rows as they are now. What a test's canvas holds stays in
// that test.
import { asc, eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { attachments, monthlyReviews, type ReviewHealth, type UserRole } from "../../db/schema";
import type { Actor } from "../../lib/auth/roles";
import { deleteReviewSchema, saveReviewSchema, startReviewSchema } from "../../lib/reviews/schemas";
import { publishReview, saveReviewDraft, startReview } from "../../lib/reviews/write";
import { createPerson, createVbu, type VbuSpec } from "../factories";

/** A mid-month clock: this month is 2026-05, last month 2026-04; 2026-06 is future, 2026-03 closed. */
export const NOW = new Date("2026-05-15T12:00:00Z");

/** A moment in a month (YYYY-MM), the 20th at noon UTC: that month and the one before are open. */
export const inMonth = (month: string, day = 20) => new Date(`${month}-${String(day).padStart(2, "0")}T12:00:00Z`);

export interface Person extends Actor {
  name: string;
}

export async function person(role: UserRole, name?: string): Promise<Person> {
  const row = await createPerson(getDb(), { role, ...(name ? { name } : {}) });
  return { id: row.id, role: row.role, name: row.name };
}

export interface World {
  /** The VBU's GM. */
  gm: Person;
  otherGm: Person;
  viewer: Person;
  admin: Person;
  vbuId: string;
  canvasId: string;
  vbuName: string;
}

/** A VBU with its canvas and its GM, plus another GM, a viewer and an admin: all new. */
export async function world(spec: Omit<VbuSpec, "gmId"> = {}): Promise<World> {
  const [gm, otherGm, viewer, admin] = await Promise.all([
    person("gm"),
    person("gm"),
    person("viewer"),
    person("admin"),
  ]);
  const vbu = await createVbu(getDb(), { ...spec, gmId: gm.id });
  return { gm, otherGm, viewer, admin, vbuId: vbu.vbuId, canvasId: vbu.canvasId, vbuName: vbu.name };
}

// ---------------------------------------------------------------------------- the forms' inputs

/** "Start the review" for a month written YYYY-MM. */
export const startInput = (vbuId: string, month: string) => startReviewSchema.parse({ vbuId, month });

export interface NarrativeValues {
  learned?: string;
  decisions?: string;
  asks?: string;
  nextFocus?: string;
  health?: ReviewHealth | "";
}

/** The draft editor's form, every field given (blank unless told). */
export const draftInput = (reviewId: string, version: number, values: NarrativeValues = {}) =>
  saveReviewSchema.parse({
    reviewId,
    version: String(version),
    learned: "",
    decisions: "",
    asks: "",
    nextFocus: "",
    health: "",
    ...values,
  });

/** A narrative complete enough to publish. */
export const PUBLISHABLE = {
  learned: "Pilots convert when onboarding is done for them.",
  decisions: "Stop the self-serve trial.",
  asks: "One more engineer by July.",
  nextFocus: "Two more pilots.",
  health: "at_risk",
} as const satisfies NarrativeValues;

export const deleteInput = (reviewId: string, version: number) =>
  deleteReviewSchema.parse({ reviewId, version: String(version) });

// ---------------------------------------------------------------------------- reviews made through lib/

/** Starts the review of `month` (YYYY-MM) as `actor` at `now`, and answers its row. */
export async function startedDraft(actor: Actor, vbuId: string, month: string, now: Date) {
  await startReview(actor, startInput(vbuId, month), now);
  return (await reviewOf(vbuId, month))!;
}

/** Starts, then publishes with PUBLISHABLE (or `values`), the review of `month` at `now` (in that month by default). */
export async function publishedReview(
  actor: Actor,
  vbuId: string,
  month: string,
  values: NarrativeValues = PUBLISHABLE,
  now = inMonth(month),
) {
  const draft = await startedDraft(actor, vbuId, month, now);
  await publishReview(actor, draftInput(draft.id, draft.version, values), now);
  return (await reviewOf(vbuId, month))!;
}

/** Saves a draft as `actor`, from the version it has now. */
export async function savedDraft(actor: Actor, reviewId: string, values: NarrativeValues, now: Date) {
  const row = await reviewRow(reviewId);
  await saveReviewDraft(actor, draftInput(reviewId, row!.version, values), now);
  return (await reviewRow(reviewId))!;
}

// ---------------------------------------------------------------------------- the rows now

export async function reviewRow(id: string) {
  const [row] = await getDb().select().from(monthlyReviews).where(eq(monthlyReviews.id, id));
  return row;
}

/** A VBU's review of a month (YYYY-MM), if any. */
export async function reviewOf(vbuId: string, month: string) {
  const rows = await getDb()
    .select()
    .from(monthlyReviews)
    .where(eq(monthlyReviews.vbuId, vbuId))
    .orderBy(asc(monthlyReviews.month));
  return rows.find((row) => row.month === `${month}-01`);
}

export async function reviewsOf(vbuId: string) {
  return getDb()
    .select()
    .from(monthlyReviews)
    .where(eq(monthlyReviews.vbuId, vbuId))
    .orderBy(asc(monthlyReviews.month));
}

/** Every review row of a VBU and every evidence row of its reviews, to check a refusal changed nothing. */
export async function reviewState(vbuId: string): Promise<string> {
  const reviews = await reviewsOf(vbuId);
  const evidence = [];
  for (const review of reviews) {
    evidence.push(
      await getDb()
        .select()
        .from(attachments)
        .where(eq(attachments.monthlyReviewId, review.id))
        .orderBy(asc(attachments.id)),
    );
  }
  return JSON.stringify([reviews, evidence]);
}
