import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USERS, DEMO_VBUS, isEmpty, seedDemo } from "../../db/seed";
import { canvases, lifecycleLane, proofPoints, proofPointStatus, theses, users, vbus } from "../../db/schema";
import { monthFromNow } from "../../lib/dates";
import { ENGINES, type TestDatabase, createTestDatabase } from "../support/database";

describe.each(ENGINES)("the demo seed on %s", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
    expect(await isEmpty(database.db)).toBe(true);
    await seedDemo(database.db);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("has an admin, three GMs and a viewer", async () => {
    const rows = await database.db.select({ role: users.role }).from(users);
    expect(rows.map((r) => r.role).sort()).toEqual(["admin", "gm", "gm", "gm", "viewer"]);
    expect(await isEmpty(database.db)).toBe(false);
  });

  it("spreads about a dozen VBUs over all four lanes, each GM owning some", async () => {
    const rows = await database.db
      .select({ lane: canvases.lifecycleLane, gm: users.email })
      .from(vbus)
      .innerJoin(canvases, eq(canvases.vbuId, vbus.id))
      .innerJoin(users, eq(users.id, vbus.gmId));
    expect(rows).toHaveLength(DEMO_VBUS.length);
    expect(rows.length).toBeGreaterThanOrEqual(10);
    expect(new Set(rows.map((r) => r.lane))).toEqual(new Set(lifecycleLane.enumValues));
    const gms = DEMO_USERS.filter((u) => u.role === "gm").map((u) => u.email);
    expect(new Set(rows.map((r) => r.gm))).toEqual(new Set(gms));
  });

  it("fills every canvas field, with 2 to 5 theses ordered from 1", async () => {
    const all = await database.db.query.canvases.findMany({ with: { theses: true } });
    for (const canvas of all) {
      for (const field of [
        canvas.productName,
        canvas.successDescription,
        canvas.futureStateIntent,
        canvas.primaryFocus,
        canvas.resistDoing,
        canvas.goodDiscipline,
        canvas.primaryConstraint,
      ]) {
        expect(field?.trim()).toBeTruthy();
      }
      expect(canvas.theses.length).toBeGreaterThanOrEqual(2);
      expect(canvas.theses.length).toBeLessThanOrEqual(5);
      expect(canvas.theses.map((t) => t.order).sort()).toEqual(canvas.theses.map((_, i) => i + 1));
    }
  });

  it("has proof points in every status, past and future review months", async () => {
    const rows = await database.db
      .select({ status: proofPoints.status, month: proofPoints.targetReviewMonth })
      .from(proofPoints);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(proofPointStatus.enumValues));
    const thisMonth = monthFromNow(0);
    expect(rows.some((r) => r.month !== null && r.month < thisMonth && r.status !== "observed")).toBe(true);
    expect(rows.some((r) => r.month !== null && r.month > thisMonth)).toBe(true);
  });

  it("records each canvas's GM as who last changed it and who saved its version", async () => {
    const rows = await database.db
      .select({ gmId: vbus.gmId, updatedBy: canvases.updatedBy, versionSavedBy: canvases.versionSavedBy })
      .from(canvases)
      .innerJoin(vbus, eq(vbus.id, canvases.vbuId));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toEqual({ gmId: row.gmId, updatedBy: row.gmId, versionSavedBy: row.gmId });
  });

  it("points every canvas at a thesis or proof point of its own", async () => {
    const all = await database.db.select().from(canvases);
    for (const canvas of all) {
      expect(canvas.currentlyTestingId).not.toBeNull();
      const ownTheses = await database.db.select({ id: theses.id }).from(theses).where(eq(theses.canvasId, canvas.id));
      const ownThesisIds = ownTheses.map((t) => t.id);
      if (canvas.currentlyTestingType === "thesis") {
        expect(ownThesisIds).toContain(canvas.currentlyTestingId);
      } else {
        const own = await database.db
          .select({ id: proofPoints.id })
          .from(proofPoints)
          .where(inArray(proofPoints.thesisId, ownThesisIds));
        expect(own.map((p) => p.id)).toContain(canvas.currentlyTestingId);
      }
    }
    expect(new Set(all.map((c) => c.currentlyTestingType))).toEqual(new Set(["thesis", "proof_point"]));
  });
});
