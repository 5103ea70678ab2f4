// The one-page canvas's read: the canvas page's read (lib/canvas/read.ts) shaped by
// lib/canvas/sheet.ts. Every seeded canvas shows whole; a long one is clipped and says so; the
// overdue marks are the canvas's one rule; every signed-in role reads every canvas.
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { vbus } from "../../db/schema";
import { DEMO_VBUS, seedDemo } from "../../db/seed";
import type { Actor } from "../../lib/auth/roles";
import { getCanvasPage } from "../../lib/canvas/read";
import { SHEET_FIELDS, SHEET_LIMITS, toCanvasSheet } from "../../lib/canvas/sheet";
import { useAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { actorOf } from "../support/session";
import { insertCanvas } from "./support";

const NOW = new Date("2026-06-15T12:00:00Z");

describe.each(ENGINES)("the one-page canvas's read on %s", (engine) => {
  const database = useAppDatabase(engine);
  let viewer: Actor;
  let ben: Actor;
  beforeAll(async () => {
    await seedDemo(database.current().db);
    [viewer, ben] = await Promise.all([actorOf("viewer"), actorOf("ben")]);
  });

  it("shows every seeded canvas whole: nothing on a typical canvas is clipped", async () => {
    const rows = await getDb().select({ id: vbus.id, name: vbus.name }).from(vbus);
    const seeded = rows.filter((r) => DEMO_VBUS.some((v) => v.name === r.name));
    expect(seeded).toHaveLength(DEMO_VBUS.length);
    for (const row of seeded) {
      const sheet = toCanvasSheet(await getCanvasPage(viewer, row.id));
      const seed = DEMO_VBUS.find((v) => v.name === row.name)!;
      expect(sheet.clipped, row.name).toBe(false);
      expect(sheet.fields.find((f) => f.field === "successDescription")?.value?.text).toBe(seed.success);
      expect(sheet.theses.map((t) => t.text.text)).toEqual(seed.theses.map(([text]) => text));
    }
  });

  it("answers the top band, the fields in order, the theses with status, month and overdue mark", async () => {
    const f = await insertCanvas({
      gm: "ana",
      values: { lifecycleLane: "sell", productName: "Dock", successDescription: "Ports book through us" },
      theses: [
        [
          "Planners trust proposals",
          [
            { description: "Late and open", status: "in_progress", month: "2026-04" },
            { description: "Late but observed", status: "observed", month: "2026-04" },
            { description: "Due this month", status: "stalled", month: "2026-06" },
          ],
        ],
      ],
    });
    const sheet = toCanvasSheet(await getCanvasPage(ben, f.vbuId, { now: NOW }));
    expect(sheet).toMatchObject({
      vbu: { id: f.vbuId, name: f.vbuName, gmName: "Ana Silva" },
      productName: { text: "Dock", clipped: false },
      lane: "sell",
      currentlyTesting: null,
      overdueCount: 1,
      clipped: false,
    });
    expect(sheet.fields.map((x) => x.field)).toEqual(SHEET_FIELDS);
    expect(sheet.fields[0]).toEqual({
      field: "successDescription",
      value: { text: "Ports book through us", clipped: false },
    });
    expect(sheet.fields[1]).toEqual({ field: "futureStateIntent", value: null });
    expect(
      sheet.theses[0]!.proofPoints.map((p) => [p.description.text, p.status, p.targetReviewMonth, p.overdue]),
    ).toEqual([
      ["Late and open", "in_progress", "2026-04", true],
      ["Late but observed", "observed", "2026-04", false],
      ["Due this month", "stalled", "2026-06", false],
    ]);
  });

  it("clips a long field, thesis and proof point by the sheet's limits, and says the sheet is clipped", async () => {
    const long = (n: number) => `${"Longer than the sheet holds. ".repeat(Math.ceil(n / 29) + 1)}`.trim();
    const f = await insertCanvas({
      gm: "ben",
      values: { resistDoing: long(SHEET_LIMITS.field) },
      theses: [[long(SHEET_LIMITS.thesis), [{ description: long(SHEET_LIMITS.proofPoint) }]]],
    });
    const sheet = toCanvasSheet(await getCanvasPage(viewer, f.vbuId));
    const resist = sheet.fields.find((x) => x.field === "resistDoing")!.value!;
    expect(resist.clipped).toBe(true);
    expect(resist.text.endsWith("…")).toBe(true);
    expect(resist.text.length).toBeLessThan(SHEET_LIMITS.field);
    expect(sheet.theses[0]!.text.clipped).toBe(true);
    expect(sheet.theses[0]!.proofPoints[0]!.description.clipped).toBe(true);
    expect(sheet.clipped).toBe(true);
    // Only what the sheet shows: no evidence, fingerprints or edit rights.
    expect(Object.keys(sheet.theses[0]!.proofPoints[0]!).sort()).toEqual(
      ["description", "id", "overdue", "status", "targetReviewMonth"].sort(),
    );
    expect(sheet).not.toHaveProperty("canEdit");
  });
});
