// The proof point export as CSV (GET /export/proof-points.csv): one row per proof point of the
// VBUs the board shows for the same filters, read back with a real CSV parser; a BOM, RFC 4180
// quoting and formula neutralisation; the board's treatment of bad filters (never a 500); the
// downloads' headers and their answer to anyone not signed in; and keyset batches in a bounded
// number of queries.
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { proofPoints, users } from "../../db/schema";
import { seedDemo } from "../../db/seed";
import type { BoardFilters } from "../../lib/board/filters";
import { getBoard } from "../../lib/board/read";
import { LANES } from "../../lib/canvas/vocabulary";
import { PROOF_POINT_COLUMNS } from "../../lib/export/proof-points-columns";
import { proofPointBatches } from "../../lib/export/proof-points";
import { neutraliseFormula } from "../../lib/export/proof-points-csv";
import { useAppDatabase } from "../support/app-database";
import { countingQueries } from "../support/counting";
import { ENGINES } from "../support/database";
import { clearCookies } from "../support/request";
import { actorOf, type DemoKey, idOf, signInAs } from "../support/session";
import { createHostileVbu, csvOf, exportRequest, HOSTILE } from "./support";

const column = (header: string) => PROOF_POINT_COLUMNS.findIndex((c) => c.header === header);
const VBU = column("VBU");

/** The VBUs the board lists for these filters, every lane in full. */
async function boardVbus(key: DemoKey, filters: BoardFilters): Promise<string[]> {
  const actor = await actorOf(key);
  const names: string[] = [];
  for (const { lane } of LANES) {
    const board = await getBoard(actor, { ...filters, lane });
    names.push(...board.lanes.find((l) => l.lane === lane)!.cards.map((card) => card.vbuName));
  }
  // As the CSV writes them: a name that looks like a formula is neutralised.
  return [...new Set(names.map(neutraliseFormula))].sort();
}

const vbusIn = (rows: string[][]) => [...new Set(rows.map((row) => row[VBU]!))].sort();

describe("neutraliseFormula", () => {
  it.each(["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])("puts an apostrophe before %j", (cell) => {
    expect(neutraliseFormula(cell)).toBe(`'${cell}`);
  });
  it.each(["Plain", "1-2", " =1", "", "'quoted", "\n=1"])("leaves %j as it is", (cell) => {
    expect(neutraliseFormula(cell)).toBe(cell);
  });
});

describe.each(ENGINES)("the proof point CSV export on %s", (engine) => {
  const database = useAppDatabase(engine);
  let total = 0;

  beforeAll(async () => {
    await seedDemo(database.current().db);
    await createHostileVbu();
    [{ total }] = (await getDb().select({ total: count() }).from(proofPoints)) as [{ total: number }];
  });

  it("is one row per proof point, UTF-8 with a BOM, with the columns in order, in lane and VBU order", async () => {
    await signInAs("viewer");
    const response = await exportRequest("csv");
    expect(response.status).toBe(200);
    const { bom, header, rows } = await csvOf(response);
    expect(bom).toBe(true);
    expect(header).toEqual(PROOF_POINT_COLUMNS.map((c) => c.header));
    expect(rows).toHaveLength(total);
    expect(rows.every((row) => row.length === header.length)).toBe(true);
    const lanes = rows.map((row) => LANES.findIndex((l) => l.label === row[column("Lane")]));
    expect(lanes).toEqual([...lanes].sort((a, b) => a - b));
    expect(lanes.every((lane) => lane >= 0)).toBe(true);
    for (const row of rows) {
      expect(row[column("Overdue for review")]).toMatch(/^(Yes|No)$/);
      expect(row[column("Target review month")]).toMatch(/^(\d{4}-\d{2})?$/);
      expect(row[column("Last changed at (UTC)")]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(row[column("Thesis")]).toMatch(/^[1-5]$/);
    }
  });

  it("names the last change from the change history, with who made it", async () => {
    await signInAs("viewer");
    const { rows } = await csvOf(await exportRequest("csv"));
    const harbor = rows.filter((row) => row[VBU] === "Harbor Logistics");
    expect(harbor.length).toBeGreaterThan(0);
    // The demo seed writes as a named system actor: every seeded point has an entry by it.
    expect(harbor.every((row) => row[column("Last changed by")] !== "")).toBe(true);
  });

  it("neutralises formulas in every text cell and keeps commas, quotes and line breaks whole", async () => {
    await signInAs("viewer");
    const { rows } = await csvOf(await exportRequest("csv"));
    const hostile = rows.filter((row) => row[VBU] === `'${HOSTILE.vbu}`);
    expect(hostile.map((row) => row[column("Proof point")])).toEqual([
      "'-2+3",
      "'@cmd|' /C calc'!A0",
      "'\tTab first",
      "'\rReturn first",
      'Says "hi", then\na new line',
    ]);
    for (const row of hostile) {
      expect(row[column("Thesis text")]).toBe(`'${HOSTILE.thesis}`);
      expect(row[column("GM")]).toBe("'@Gm Formula");
      expect(row[column("Overdue for review")]).toBe("Yes");
      expect(row[column("Target review month")]).toBe("2020-01");
    }
    expect(hostile.map((row) => row[column("Evidence files")])).toEqual(["2", "0", "0", "0", "0"]);
  });

  it.each<[DemoKey, Record<string, string>, BoardFilters]>([
    ["viewer", { q: "harbor" }, { q: "harbor" }],
    ["viewer", { status: "stalled" }, { status: "stalled" }],
    ["viewer", { status: "overdue" }, { status: "overdue" }],
    ["viewer", { review: "due" }, { review: "due" }],
    ["viewer", { stale: "1" }, { stale: true }],
    ["ana", { mine: "1" }, { mine: true }],
    ["ana", { mine: "1", status: "in_progress" }, { mine: true, status: "in_progress" }],
  ])("as %s with %j holds every proof point of the VBUs the board shows", async (key, query, filters) => {
    await signInAs(key);
    const { rows } = await csvOf(await exportRequest("csv", new URLSearchParams(query).toString()));
    expect(vbusIn(rows)).toEqual(await boardVbus(key, filters));
    expect(vbusIn(rows).length).toBeLessThan(13);
  });

  it("filters by GM as the board does", async () => {
    await signInAs("viewer");
    const ana = await idOf("ana");
    const { rows } = await csvOf(await exportRequest("csv", `gm=${ana.toUpperCase()}`));
    expect(vbusIn(rows)).toEqual(await boardVbus("viewer", { gm: ana }));
    expect(new Set(rows.map((row) => row[column("GM")]))).toEqual(new Set(["Ana Silva"]));
  });

  it.each([
    ["an unknown status", "status=bogus"],
    ["a malformed GM", "gm=not-a-uuid"],
    ["a GM who is nobody", "gm=00000000-0000-4000-8000-000000000000"],
    ["a search with a control character", "q=%00harbor"],
    ["a search too long", `q=${"x".repeat(500)}`],
    ["My VBUs for a viewer, who runs none", "mine=1"],
    ["an unknown lane, and stale spelt otherwise", "lane=nowhere&stale=yes"],
    ["unknown parameters and broken escapes", "x=1&%zz=%E0%A4%A&review[]=due"],
    ["a blank of every filter", "q=&gm=&status=&review=&mine=&stale="],
  ])("ignores %s, as the board does, never answering 500", async (_, query) => {
    await signInAs("viewer");
    const response = await exportRequest("csv", query);
    expect(response.status).toBe(200);
    expect((await csvOf(response)).rows).toHaveLength(total);
  });

  it("takes a repeated filter's first value, as the board does", async () => {
    await signInAs("viewer");
    const { rows } = await csvOf(await exportRequest("csv", "status=stalled&status=observed"));
    expect(vbusIn(rows)).toEqual(await boardVbus("viewer", { status: "stalled" }));
  });

  it("downloads as a CSV attachment that is never sniffed nor cached", async () => {
    await signInAs("ana");
    const response = await exportRequest("csv");
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "text/csv; charset=utf-8",
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
    });
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="proof-points-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''proof-points-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    await response.arrayBuffer();
  });

  it("answers anyone not signed in, or still on a temporary password, as downloads do: 404", async () => {
    clearCookies();
    for (const format of ["csv", "xlsx"] as const) {
      const response = await exportRequest(format, "status=stalled");
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({
        formError: "That export was not found. It may have been deleted.",
      });
    }
    const viewer = await idOf("viewer");
    await getDb().update(users).set({ mustChangePassword: true }).where(eq(users.id, viewer));
    try {
      await signInAs("viewer");
      expect((await exportRequest("csv")).status).toBe(404);
    } finally {
      await getDb().update(users).set({ mustChangePassword: false }).where(eq(users.id, viewer));
    }
  });

  it("reads in keyset batches of VBUs, two queries a batch, the same rows whatever the batch size", async () => {
    const actor = await actorOf("viewer");
    const collect = async (vbusPerBatch: number) => {
      const rows = [];
      for await (const batch of proofPointBatches(actor, {}, { vbusPerBatch })) rows.push(...batch);
      return rows;
    };
    const whole = await collect(1000);
    const vbuCount = new Set(whole.map((row) => row.vbu)).size;
    for (const size of [1, 2, 5]) {
      const { result, queries } = await countingQueries(database.current(), () => collect(size));
      expect(result).toEqual(whole);
      // A full last batch costs one more look for VBUs, which finds none.
      const full = Math.floor(vbuCount / size);
      expect(queries).toHaveLength(2 * full + (vbuCount % size ? 2 : 1));
    }
    expect(whole).toHaveLength(total);
  });
});
