// GET /vbus/{id}/canvas.pdf: the one-page canvas as a landscape A4 PDF, for every signed-in role,
// with the download headers; long text clipped with its mark; signed out, unknown and malformed
// ids all the same 404.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "../../app/vbus/[id]/canvas.pdf/route";
import { getDb } from "../../db/client";
import { canvases, proofPoints, theses } from "../../db/schema";
import { seedDemo } from "../../db/seed";
import { OVERDUE_LABEL } from "../../lib/canvas/vocabulary";
import { CONTINUED_MARK } from "../../lib/export/pdf/text";
import { useAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { clearCookies } from "../support/request";
import { signInAs } from "../support/session";
import { flat, get, readPdf, vbuIdNamed } from "./pdf-support";

const canvasPdf = (id: string) => get(GET, `/vbus/${id}/canvas.pdf`, { id });

describe.each(ENGINES)("the canvas PDF on %s", (engine) => {
  const database = useAppDatabase(engine);
  beforeAll(async () => {
    await seedDemo(database.current().db);
  });

  it("is one landscape A4 page with the band, the fields, the theses in order and their proof points", async () => {
    await signInAs("viewer");
    const id = await vbuIdNamed("Harbor Logistics");
    const response = await canvasPdf(id);
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "application/pdf",
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
      "content-disposition": `attachment; filename="Harbor Logistics canvas.pdf"; filename*=UTF-8''Harbor%20Logistics%20canvas.pdf`,
    });
    const pdf = await readPdf(new Uint8Array(await response.arrayBuffer()));
    expect(pdf.pages).toBe(1);
    const text = flat(pdf.text);
    expect(text).toContain("Harbor Logistics");
    expect(text).toMatch(/GM: Ana Silva/);
    expect(text).toMatch(/Lane: (Build|Sell|Milk|Reframe)/);
    expect(text).toContain("Currently testing:");
    for (const label of ["PRODUCT NAME", "SUCCESS DESCRIPTION", "PRIMARY CONSTRAINT", "PORTFOLIO NOTES"]) {
      expect(text).toContain(label);
    }
    const thesisRows = await getDb()
      .select({ order: theses.order, text: theses.text })
      .from(theses)
      .innerJoin(canvases, eq(canvases.id, theses.canvasId))
      .where(eq(canvases.vbuId, id))
      .orderBy(theses.order);
    const positions = thesisRows.map((t) => text.indexOf(`THESIS ${t.order}`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(text).toMatch(/(Not started|In progress|Observed|Stalled) · (review \w+ \d{4}|no review month)/);
  });

  it("marks overdue proof points in words", async () => {
    await signInAs("ana");
    const id = await vbuIdNamed("Harbor Logistics");
    const [point] = await getDb()
      .select({ id: proofPoints.id })
      .from(proofPoints)
      .innerJoin(theses, eq(theses.id, proofPoints.thesisId))
      .innerJoin(canvases, eq(canvases.id, theses.canvasId))
      .where(eq(canvases.vbuId, id))
      .limit(1);
    await getDb()
      .update(proofPoints)
      .set({ status: "in_progress", targetReviewMonth: "2020-01-01", description: "Overdue point for the PDF" })
      .where(eq(proofPoints.id, point!.id));
    const text = flat((await readPdf(new Uint8Array(await (await canvasPdf(id)).arrayBuffer()))).text);
    expect(text).toMatch(new RegExp(`In progress · review January 2020 · ${OVERDUE_LABEL}`));
  });

  it("clips text longer than its box with a visible mark, and stays one page", async () => {
    await signInAs("viewer");
    const id = await vbuIdNamed("Fieldnote");
    const long = Array.from({ length: 400 }, (_, i) => `word${i}`).join(" ");
    await getDb()
      .update(canvases)
      .set({ successDescription: long, primaryFocus: "Short focus" })
      .where(eq(canvases.vbuId, id));
    const pdf = await readPdf(new Uint8Array(await (await canvasPdf(id)).arrayBuffer()));
    expect(pdf.pages).toBe(1);
    const text = flat(pdf.text);
    expect(text).toContain(`word0 word1`);
    expect(text).not.toContain("word399");
    expect(text).toContain(CONTINUED_MARK);
    expect(text).toContain("Short focus");
  });

  it("answers signed out, unknown and malformed ids with the same 404", async () => {
    await signInAs("viewer");
    const id = await vbuIdNamed("Harbor Logistics");
    for (const bad of [randomUUID(), "not-a-uuid", "../../etc/passwd", "%00"]) {
      const response = await canvasPdf(bad);
      expect(response.status, bad).toBe(404);
      expect(await response.json()).toMatchObject({ formError: "That VBU was not found. It may have been deleted." });
    }
    clearCookies();
    const response = await canvasPdf(id);
    expect(response.status).toBe(404);
  });
});
