// GET /vbus/{id}/reviews/{yyyy-mm}.pdf (rewritten to …/{yyyy-mm}/pdf): a monthly review as a PDF,
// on the review page's terms. A published review is everyone's to read; a draft only its GM's
// and the admins', and to anyone else the same 404 as no review at all.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "../../app/vbus/[id]/reviews/[month]/pdf/route";
import { getDb } from "../../db/client";
import { canvases, monthlyReviews } from "../../db/schema";
import { seedDemo } from "../../db/seed";
import { freezeCanvas } from "../../lib/reviews/freeze";
import { monthAt, monthParam } from "../../lib/reviews/vocabulary";
import { formatReviewMonth } from "../../lib/dates";
import { createReview } from "../factories";
import { useAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { clearCookies } from "../support/request";
import { type DemoKey, signInAs } from "../support/session";
import { flat, get, readPdf, vbuIdNamed } from "./pdf-support";

const reviewPdf = (id: string, month: string) => get(GET, `/vbus/${id}/reviews/${month}/pdf`, { id, month });

describe.each(ENGINES)("the review PDF on %s", (engine) => {
  const database = useAppDatabase(engine);
  const now = new Date();
  const [draftMonth, publishedMonth, earlierMonth] = [monthAt(now), monthAt(now, -1), monthAt(now, -2)];
  let vbuId: string;

  beforeAll(async () => {
    await seedDemo(database.current().db);
    const db = getDb();
    vbuId = await vbuIdNamed("Harbor Logistics");
    await db.delete(monthlyReviews).where(eq(monthlyReviews.vbuId, vbuId));
    const earlier = await freezeCanvas(db, vbuId, now);
    await createReview(db, {
      vbuId,
      month: earlierMonth,
      status: "published",
      health: "on_track",
      snapshot: earlier,
      publishedAt: now,
    });
    await db
      .update(canvases)
      .set({ primaryFocus: "Renewals at list price with three carriers" })
      .where(eq(canvases.vbuId, vbuId));
    await createReview(db, {
      vbuId,
      month: publishedMonth,
      status: "published",
      health: "at_risk",
      learned: "Carriers renew when dispatch runs through us.",
      asks: "Two engineers for the routing work.",
      snapshot: await freezeCanvas(db, vbuId, now),
      publishedAt: now,
    });
    await createReview(db, { vbuId, month: draftMonth, learned: "A draft thought nobody else may read." });
  });

  it.each<DemoKey>(["viewer", "ben", "ana", "admin"])(
    "gives %s the published review: narrative, health, changes since the last one, and the frozen canvas",
    async (key) => {
      await signInAs(key);
      const response = await reviewPdf(vbuId, monthParam(publishedMonth));
      expect(response.status).toBe(200);
      expect(Object.fromEntries(response.headers)).toMatchObject({
        "content-type": "application/pdf",
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
        "content-disposition": expect.stringMatching(
          new RegExp(`^attachment; filename="Harbor Logistics review ${monthParam(publishedMonth)}\\.pdf"`),
        ),
      });
      const pdf = await readPdf(new Uint8Array(await response.arrayBuffer()));
      expect(pdf.pages).toBeGreaterThanOrEqual(1);
      const text = flat(pdf.text);
      expect(text).toContain(`Harbor Logistics: review of ${formatReviewMonth(monthParam(publishedMonth))}`);
      expect(text).toContain("Health: At risk");
      expect(text).toContain("Carriers renew when dispatch runs through us.");
      expect(text).toContain("Two engineers for the routing work.");
      expect(text).toContain(`Since the review of ${formatReviewMonth(monthParam(earlierMonth))}`);
      expect(text).toMatch(/Primary focus (edited|written):/);
      expect(text).toContain("Renewals at list price with three carriers");
      expect(text).toContain("The canvas as published");
      expect(text).toContain("Thesis 1");
      expect(text).not.toContain("A draft thought nobody else may read.");
    },
  );

  it.each<DemoKey>(["viewer", "ben"])(
    "answers %s's request for the draft with the same 404 as no review",
    async (key) => {
      await signInAs(key);
      const draft = await reviewPdf(vbuId, monthParam(draftMonth));
      const none = await reviewPdf(vbuId, "2001-01");
      expect(draft.status).toBe(404);
      expect(await draft.json()).toEqual(await none.json());
    },
  );

  it.each<DemoKey>(["ana", "admin"])("gives %s the draft, marked as a draft", async (key) => {
    await signInAs(key);
    const response = await reviewPdf(vbuId, monthParam(draftMonth));
    expect(response.status).toBe(200);
    const text = flat((await readPdf(new Uint8Array(await response.arrayBuffer()))).text);
    expect(text).toContain("Draft, not published");
    expect(text).toContain("A draft thought nobody else may read.");
    expect(text).toContain("The canvas as it is now");
  });

  it("answers hostile or malformed params and the signed out with 404, never 500", async () => {
    await signInAs("viewer");
    const month = monthParam(publishedMonth);
    for (const [id, m] of [
      ["not-a-uuid", month],
      [vbuId, "2026-13"],
      [vbuId, "2026-11.pdf"],
      [vbuId, "../../etc"],
      [vbuId, "9999-01"],
      [vbuId, "2026-1"],
      ["00000000-0000-0000-0000-000000000000", month],
    ] as const) {
      expect((await reviewPdf(id, m)).status, `${id} ${m}`).toBe(404);
    }
    clearCookies();
    expect((await reviewPdf(vbuId, month)).status).toBe(404);
  });
});
