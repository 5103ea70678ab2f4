// GET /export/portfolio.pdf: the portfolio pack. The demo portfolio's pack is a cover (with its
// contents) and one page per VBU, in lane order, numbered; it takes the board's filters, as
// the board reads them, and no parameter ever makes it fail.
import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "../../app/export/portfolio.pdf/route";
import { seedDemo } from "../../db/seed";
import { getBoard } from "../../lib/board/read";
import { BOARD_LANE_CAP } from "../../lib/board/filters";
import { LANES, OVERDUE_LABEL } from "../../lib/canvas/vocabulary";
import { packLayout } from "../../lib/export/pdf/pack-cover";
import type { PackCard } from "../../lib/export/pdf/pack-read";
import { useAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { clearCookies } from "../support/request";
import { idOf, signInAs } from "../support/session";
import { flat, readPdf } from "./pdf-support";

const pack = (query = "") => GET(new Request(new URL(`/export/portfolio.pdf${query}`, "http://localhost:3000")));

async function packPdf(query = "", options: { layout?: boolean } = {}) {
  const response = await pack(query);
  expect(response.status, query).toBe(200);
  return { response, pdf: await readPdf(new Uint8Array(await response.arrayBuffer()), options) };
}

describe.each(ENGINES)("the portfolio pack on %s", (engine) => {
  const database = useAppDatabase(engine);
  beforeAll(async () => {
    await seedDemo(database.current().db);
  });

  it("is a cover with its contents, then each VBU's canvas in lane order, numbered", async () => {
    await signInAs("viewer");
    const { response, pdf } = await packPdf("", { layout: true });
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "application/pdf",
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
      "content-disposition": expect.stringMatching(/^attachment; filename="Portfolio pack \d{4}-\d{2}-\d{2}\.pdf"/),
    });
    expect(pdf.pages).toBe(13);
    const cover = flat(pdf.pageTexts[0]!);
    for (const words of ["Portfolio pack", "Filters: None: every VBU", "VBUs per lane", "Proof points per status"]) {
      expect(cover).toContain(words);
    }
    expect(cover).toContain(OVERDUE_LABEL);
    expect(cover).toMatch(/Stale: no change for \d+ days \(2 VBUs\)/);
    expect(cover).toContain("Signal Telecom Billing");
    expect(cover).toContain("Monthly reviews, as the board shows them");
    expect(cover).toContain("Contents");
    expect(cover).toContain("Page 1 of 13");

    // The board's order, lane by lane, is the pack's; each canvas on its page, as its contents say.
    const board = await getBoard({ id: await idOf("viewer"), role: "viewer" }, {}, {});
    const names = board.lanes.flatMap((lane) => lane.cards.map((card) => card.vbuName));
    expect(names).toHaveLength(12);
    names.forEach((name, i) => {
      const page = flat(pdf.pageTexts[i + 1]!);
      expect(page, name).toContain(`Canvas of ${name}`);
      expect(page).toContain(`Page ${i + 2} of 13`);
      expect(pdf.pageTexts[0]).toMatch(new RegExp(`${name} +${i + 2}\\b`));
    });
    for (const { label } of LANES) expect(cover).toContain(label.toUpperCase());
  });

  it("takes the board's filters, says them on the cover, and shows only what matches", async () => {
    await signInAs("ana");
    const { pdf } = await packPdf("?mine=1&q=o");
    const cover = flat(pdf.pageTexts[0]!);
    expect(cover).toContain("Filters: My VBUs · Search: “o”");
    const board = await getBoard({ id: await idOf("ana"), role: "gm" }, { mine: true, q: "o" });
    const count = board.lanes.reduce((sum, lane) => sum + lane.total, 0);
    expect(count).toBeGreaterThan(0);
    expect(pdf.pages).toBe(1 + count);
    const { pdf: stale } = await packPdf("?stale=1");
    expect(stale.pages).toBe(3);
  });

  it("never fails on hostile or unusable parameters: they are ignored, as the board ignores them", async () => {
    await signInAs("viewer");
    for (const query of [
      "?status=bogus&review=%00&gm=not-a-uuid&lane=nowhere",
      `?q=${"x".repeat(5000)}`,
      "?q=%25%5C_&q=again",
      "?mine=1", // a viewer runs no VBU: the pack without it
      `?gm=${crypto.randomUUID()}`,
      "?stale=yes&mine=true&status[]=observed",
    ]) {
      const response = await pack(query);
      expect(response.status, query).toBe(200);
      const { pages } = await readPdf(new Uint8Array(await response.arrayBuffer()));
      expect(pages, query).toBeGreaterThanOrEqual(1);
    }
    const { pdf } = await packPdf("?q=no-such-vbu-anywhere");
    expect(pdf.pages).toBe(1);
    expect(flat(pdf.text)).toContain("No VBUs match these filters.");
  }, 120_000); // eight whole packs: on a loaded machine, longer than a test's default 30 s

  it("answers the signed out with the downloads' 404", async () => {
    clearCookies();
    const response = await pack();
    expect(response.status).toBe(404);
  });

  it("numbers its pages right when the contents need pages of their own", () => {
    const card = (i: number) => ({ vbuName: `VBU ${i}`, lane: LANES[i % 4]!.lane }) as PackCard;
    const small = packLayout(Array.from({ length: 12 }, (_, i) => card(i)));
    expect(small).toMatchObject({ frontPages: 1, totalPages: 13 });
    const cards = Array.from({ length: 1000 }, (_, i) => card(i)).sort((a, b) => a.lane.localeCompare(b.lane));
    const large = packLayout(cards);
    expect(large.frontPages).toBeGreaterThan(1);
    expect(large.totalPages).toBe(large.frontPages + 1000);
    const pages = large.rows.flatMap((row) => ("page" in row ? [row.page] : []));
    expect(pages[0]).toBe(large.frontPages + 1);
    expect(pages.at(-1)).toBe(large.totalPages);
    expect(BOARD_LANE_CAP).toBeLessThan(1000); // the pack is not capped like a board lane
  });
});
