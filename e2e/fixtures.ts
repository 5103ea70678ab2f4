// Rows a browser test needs of its own, written into the run's PostgreSQL database (the postgres
// project only) with the factories the vitest suites use too (tests/factories.ts), so that no
// test depends on what another one changes.
import { and, eq, lt, sql } from "drizzle-orm";
import { type Database, openDatabase } from "../db/client";
import {
  canvases,
  changeHistory,
  type LifecycleLane,
  type ProofPointStatus,
  sessions,
  theses,
  users,
  vbus,
} from "../db/schema";
import { actAs } from "../lib/history/actor";
import * as factories from "../tests/factories";

/** Runs `work` on the run's PostgreSQL database, opened for it and closed afterwards. */
async function inDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set: run through `npm run test:e2e`");
  const database = openDatabase({ url });
  try {
    // One transaction, whose changes the history credits to "System (e2e)" (lib/history/actor.ts).
    return await database.db.transaction(async (tx) => {
      await actAs(tx, "system:e2e");
      return work(tx);
    });
  } finally {
    await database.close();
  }
}

/** A new person with the GM role (who runs no VBU yet), under a unique name unless told. */
export async function createGm(name = `GM ${factories.uniqueTag()}`): Promise<{ id: string; name: string }> {
  return inDatabase(async (db) => {
    const person = await factories.createPerson(db, { role: "gm", name });
    return { id: person.id, name: person.name };
  });
}

/**
 * A new VBU with an empty canvas (in the build lane unless told): its GM the demo user with this
 * email, or a person made with createGm.
 */
export async function createVbu(
  gm: string | { id: string },
  name = `Test VBU ${factories.uniqueTag()}`,
  lane: LifecycleLane = "build",
  canvas: factories.VbuSpec["canvas"] = {},
): Promise<{ id: string; name: string }> {
  return inDatabase(async (db) => {
    let gmId: string;
    if (typeof gm === "string") {
      const [person] = await db.select({ id: users.id }).from(users).where(eq(users.email, gm));
      if (!person) throw new Error(`no user with the email ${gm}`);
      gmId = person.id;
    } else {
      gmId = gm.id;
    }
    const vbu = await factories.createVbu(db, { name, gmId, lane, canvas });
    return { id: vbu.vbuId, name: vbu.name };
  });
}

/**
 * A proof point on the VBU's canvas (in progress, no review month, unless told), under a new
 * thesis: thesis 1 the first time, the next one after that.
 */
export async function createProofPoint(
  vbuId: string,
  description = "Pilot customers renew",
  { status = "in_progress", reviewMonth = null }: { status?: ProofPointStatus; reviewMonth?: string | null } = {},
): Promise<{ thesisId: string; proofPointId: string; description: string }> {
  return inDatabase(async (db) => {
    const [canvas] = await db.select({ id: canvases.id }).from(canvases).where(eq(canvases.vbuId, vbuId));
    if (!canvas) throw new Error(`no canvas for the VBU ${vbuId}`);
    const existing = await db.$count(theses, eq(theses.canvasId, canvas.id));
    const thesis = await factories.createThesis(db, {
      canvasId: canvas.id,
      order: existing + 1,
      text: "Customers pay for evidence they can show",
    });
    const point = await factories.createProofPoint(db, { thesisId: thesis.id, description, status, reviewMonth });
    return { thesisId: thesis.id, proofPointId: point.id, description };
  });
}

/** The address a session was signed in from, as recorded; by the cookie's value ("token.signature"). */
export async function sessionAddress(cookieValue: string): Promise<string | null> {
  const token = decodeURIComponent(cookieValue).split(".")[0]!;
  return inDatabase(async (db) => {
    const [row] = await db.select({ ipAddress: sessions.ipAddress }).from(sessions).where(eq(sessions.token, token));
    return row?.ipAddress ?? null;
  });
}

/**
 * A published review of the VBU for that month (YYYY-MM-01), as if its GM had published it: its
 * snapshot holds only the VBU's name, GM and lane (the tests that use it read the review, not
 * what changed since the one before).
 */
export async function createPublishedReview(
  vbuId: string,
  month: string,
  narrative: { learned: string; asks?: string; health?: "on_track" | "at_risk" | "off_track" },
): Promise<void> {
  await inDatabase(async (db) => {
    const [row] = await db
      .select({ vbuName: vbus.name, gmName: users.name, lane: canvases.lifecycleLane, gmId: vbus.gmId })
      .from(vbus)
      .innerJoin(users, eq(users.id, vbus.gmId))
      .innerJoin(canvases, eq(canvases.vbuId, vbus.id))
      .where(eq(vbus.id, vbuId));
    if (!row) throw new Error(`no VBU ${vbuId}`);
    const fields = {
      productName: null,
      successDescription: null,
      futureStateIntent: null,
      primaryFocus: null,
      resistDoing: null,
      goodDiscipline: null,
      primaryConstraint: null,
      portfolioNotes: null,
    };
    await factories.createReview(db, {
      vbuId,
      month,
      status: "published",
      health: narrative.health ?? "on_track",
      learned: narrative.learned,
      asks: narrative.asks ?? null,
      snapshot: {
        schema: 1,
        vbuName: row.vbuName,
        gmName: row.gmName,
        lane: row.lane,
        fields,
        theses: [],
        currentlyTesting: null,
      },
      publishedAt: new Date(),
      publishedBy: row.gmId,
    });
  });
}

/**
 * Moves the VBU to another lane now, as its canvas's own update (the history's trigger records it,
 * chained on the lane it was in, as every real move is), credited to the person with this email.
 */
export async function moveLane(vbu: { id: string }, to: LifecycleLane, byEmail: string): Promise<void> {
  await inDatabase(async (db) => {
    const [person] = await db.select({ id: users.id }).from(users).where(eq(users.email, byEmail));
    if (!person) throw new Error(`no person with the email ${byEmail}`);
    // A system actor may credit its changes to a person (drizzle/0011, canvas.history_by).
    await db.execute(sql`SELECT set_config('canvas.history_by', ${person.id}, true)`);
    await db.update(canvases).set({ lifecycleLane: to }).where(eq(canvases.vbuId, vbu.id));
  });
}

/**
 * A thesis (the next in order) with these proof points on the VBU's canvas, and the canvas
 * pointed at it as what is currently tested when told.
 */
export async function createThesisWithProofPoints(
  vbuId: string,
  text: string,
  points: { description: string; status?: ProofPointStatus; reviewMonth?: string | null }[],
  { currentlyTesting = false }: { currentlyTesting?: boolean } = {},
): Promise<void> {
  await inDatabase(async (db) => {
    const [canvas] = await db.select({ id: canvases.id }).from(canvases).where(eq(canvases.vbuId, vbuId));
    if (!canvas) throw new Error(`no canvas for the VBU ${vbuId}`);
    const order = (await db.$count(theses, eq(theses.canvasId, canvas.id))) + 1;
    const thesis = await factories.createThesis(db, { canvasId: canvas.id, order, text });
    let tick = 0;
    for (const point of points) {
      // Creation times a second apart: the canvas lists proof points in the order given.
      await factories.createProofPoint(db, {
        thesisId: thesis.id,
        ...point,
        createdAt: new Date(Date.now() + tick++ * 1000),
      });
    }
    if (currentlyTesting) await factories.setCurrentlyTesting(db, canvas.id, "thesis", thesis.id);
  });
}

/**
 * The demo portfolio's VBUs that no test has deleted, by name: the seed dates their history back
 * (db/seed.ts), so each was "added" before its row was written; a test's VBU is added as written.
 */
export async function seededVbus(): Promise<{ id: string; name: string }[]> {
  return inDatabase(async (db) =>
    db
      .selectDistinct({ id: vbus.id, name: vbus.name })
      .from(changeHistory)
      .innerJoin(vbus, eq(vbus.id, changeHistory.vbuId))
      .where(
        and(eq(changeHistory.subject, "vbu"), eq(changeHistory.action, "added"), lt(changeHistory.at, vbus.createdAt)),
      )
      .orderBy(vbus.name),
  );
}
