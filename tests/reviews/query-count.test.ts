// The review pages read in a constant number of queries, whatever the number of VBUs or the size
// of the diff, and send the very SQL the bench times (scripts/bench-queries.ts builds it from the
// same builders): the app's database is wrapped in a Drizzle instance that logs every statement.
import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { freezeCanvas } from "../../lib/reviews/freeze";
import { getPortfolioReviews, getReviewPage } from "../../lib/reviews/read";
import { portfolioReviewStatements, reviewPageStatements } from "../../scripts/bench-queries";
import { createPerson, createProofPoint, createReview, createThesis, createVbu } from "../factories";
import { useAppDatabase } from "../support/app-database";
import { countingQueries } from "../support/counting";
import { ENGINES } from "../support/database";

const NOW = new Date(Date.UTC(2031, 4, 3, 12));
const MONTH = "2031-04-01";

describe.each(ENGINES)("the review pages' query counts on %s", (engine) => {
  const database = useAppDatabase(engine);

  async function vbuWithReviews(gmId: string, theses: number) {
    const db = getDb();
    const vbu = await createVbu(db, { gmId });
    for (let order = 1; order <= theses; order++) {
      const thesis = await createThesis(db, { canvasId: vbu.canvasId, order });
      await createProofPoint(db, { thesisId: thesis.id });
    }
    const published = async (month: string) =>
      createReview(db, {
        vbuId: vbu.vbuId,
        month,
        status: "published",
        health: "on_track",
        asks: "People",
        snapshot: await freezeCanvas(db, vbu.vbuId, NOW),
        publishedAt: NOW,
      });
    await published("2031-03-01");
    await published(MONTH);
    return vbu.vbuId;
  }

  it("a published review: three queries side by side, then its evidence, for one thesis or five", async () => {
    const gm = await createPerson(getDb(), { role: "gm" });
    const viewer = { id: (await createPerson(getDb())).id, role: "viewer" as const };
    const small = await vbuWithReviews(gm.id, 1);
    const large = await vbuWithReviews(gm.id, 5);
    const read = (vbuId: string) => countingQueries(database.current(), () => getReviewPage(viewer, vbuId, MONTH, NOW));
    const [smallRead, largeRead] = [await read(small), await read(large)];
    expect(largeRead.result.comparison?.before?.theses).toHaveLength(5);
    expect(smallRead.queries).toHaveLength(4);
    expect(largeRead.queries).toHaveLength(4);
    const bench = reviewPageStatements(large, MONTH);
    expect(largeRead.queries.slice(0, 3).sort()).toEqual([bench.vbu.sql, bench.review.sql, bench.previous.sql].sort());
  });

  it("the portfolio's month: two queries for an admin (one for anyone else), for 2 VBUs or 12", async () => {
    const gm = await createPerson(getDb(), { role: "gm" });
    const admin = { id: (await createPerson(getDb(), { role: "admin" })).id, role: "admin" as const };
    const viewer = { id: (await createPerson(getDb())).id, role: "viewer" as const };
    for (let n = 0; n < 2; n++) await vbuWithReviews(gm.id, 1);
    const before = await countingQueries(database.current(), () => getPortfolioReviews(admin, MONTH, NOW));
    for (let n = 0; n < 10; n++) await vbuWithReviews(gm.id, 1);
    const after = await countingQueries(database.current(), () => getPortfolioReviews(admin, MONTH, NOW));
    expect(after.result.rows.length).toBe(before.result.rows.length + 10);
    expect(before.queries).toHaveLength(2);
    expect(after.queries).toHaveLength(2);
    const bench = portfolioReviewStatements(MONTH);
    expect([...after.queries].sort()).toEqual([bench.rows.sql, bench.awaiting.sql].sort());
    const asViewer = await countingQueries(database.current(), () => getPortfolioReviews(viewer, MONTH, NOW));
    expect(asViewer.queries).toEqual([bench.rows.sql]);
    expect(asViewer.result.awaiting).toBeNull();
  });
});
