// The board page as rendered (app/board/page.tsx and its server components, to static markup):
// what the reads in lib/board/read.ts cannot show alone. Its query count covers the whole render, so
// a query added per card anywhere in the page's tree fails here.
import { sql } from "drizzle-orm";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BarLegend, barBackground, inLaneWords, staleWords, VbuCard } from "../../app/board/card";
import { BoardFilterForm } from "../../app/board/filters";
import BoardPage from "../../app/board/page";
import { getDb } from "../../db/client";
import type { LifecycleLane } from "../../db/schema";
import type { BoardCard } from "../../lib/board/read";
import { useSeededAppDatabase } from "../support/app-database";
import { countingQueries } from "../support/counting";
import { ENGINES } from "../support/database";
import { idOf, signInAs } from "../support/session";
import { insertHistory, insertVbu, laneMove } from "./support";

async function renderBoard(params: Record<string, string> = {}): Promise<string> {
  return renderToStaticMarkup(await BoardPage({ searchParams: Promise.resolve(params) }));
}

const CARD: BoardCard = {
  vbuId: "00000000-0000-4000-8000-000000000001",
  vbuName: "Harbor",
  productName: "Dock",
  gmName: "Ana Silva",
  currentlyTesting: null,
  portfolioNotes: null,
  version: 1,
  counts: { not_started: 1, in_progress: 2, observed: 1, stalled: 0 },
  overdue: 0,
  yours: false,
  review: { state: "due", month: "2026-11-01", dueDay: "2026-12-07" },
  inLaneSince: new Date("2026-03-31T23:59:59Z"),
  lastChangedAt: new Date("2026-11-20T10:00:00Z"),
  stale: false,
};

describe("a card's review state", () => {
  const render = (review: BoardCard["review"]) =>
    renderToStaticMarkup(<VbuCard card={{ ...CARD, review }} lane="sell" canMove={false} />);
  const link = (html: string) => /<a href="(\/vbus\/[^"]+\/reviews\/[^"]+)"[^>]*>([^<]+)<\/a>/.exec(html)?.slice(1);
  const REVIEWS = `/vbus/${CARD.vbuId}/reviews`;

  it("says in words which month's review and where it stands, as a link to that review", () => {
    expect(link(render({ state: "published", month: "2026-11-01", health: "at_risk" }))).toEqual([
      `${REVIEWS}/2026-11`,
      "November 2026 review: Published · At risk",
    ]);
    expect(link(render({ state: "published", month: "2026-12-01", health: "on_track" }))).toEqual([
      `${REVIEWS}/2026-12`,
      "December 2026 review: Published · On track",
    ]);
    expect(link(render({ state: "published", month: "2026-12-01", health: "off_track" }))?.[1]).toBe(
      "December 2026 review: Published · Off track",
    );
    expect(link(render({ state: "draft", month: "2026-11-01" }))).toEqual([
      `${REVIEWS}/2026-11`,
      "November 2026 review: Draft",
    ]);
    expect(link(render({ state: "due", month: "2026-12-01", dueDay: "2027-01-07" }))).toEqual([
      `${REVIEWS}/2026-12`,
      "December 2026 review due 7 Jan 2027",
    ]);
    expect(link(render({ state: "overdue", month: "2026-11-01" }))).toEqual([
      `${REVIEWS}/2026-11`,
      "⚠ November 2026 review overdue",
    ]);
  });

  it("marks an overdue review in red as well as in words, and the others as links", () => {
    expect(render({ state: "overdue", month: "2026-11-01" })).toMatch(/<a href="[^"]+" class="[^"]*text-red-800/);
    expect(render({ state: "draft", month: "2026-11-01" })).toMatch(/<a href="[^"]+" class="[^"]*text-blue-900/);
  });
});

describe("a card's time in its lane and its stale flag", () => {
  const render = (card: Partial<BoardCard>, lane: LifecycleLane = "sell") =>
    renderToStaticMarkup(<VbuCard card={{ ...CARD, ...card }} lane={lane} canMove={false} />);
  const text = (html: string) => html.replace(/<[^>]+>/g, "|");

  it("says since when the card is in its lane, in the lane's name and the month's (UTC)", () => {
    expect(text(render({}))).toContain("|In Sell since March 2026|");
    expect(text(render({ inLaneSince: new Date("2026-04-01T00:00:00Z") }, "reframe"))).toContain(
      "|In Reframe since April 2026|",
    );
    expect(inLaneWords("build", new Date("2027-01-15T12:00:00Z"))).toBe("In Build since January 2027");
  });

  it("flags a stale card in words with a mark, the mark hidden from assistive technology; a fresh one not at all", () => {
    expect(staleWords(new Date("2026-09-03T12:00:00Z"))).toBe("Stale: no change since 3 Sept 2026");
    const html = render({ stale: true, lastChangedAt: new Date("2026-09-03T12:00:00Z") });
    expect(html).toMatch(
      /<p class="[^"]*amber[^"]*"><span aria-hidden="true">⏸ <\/span>Stale: no change since 3 Sept 2026<\/p>/,
    );
    expect(render({ stale: false })).not.toContain("Stale");
  });
});

describe("the board's stale filter", () => {
  const form = (filters: Parameters<typeof BoardFilterForm>[0]["filters"]) =>
    renderToStaticMarkup(<BoardFilterForm filters={filters} gms={[]} offerMine={false} />);
  const checkbox = (html: string) =>
    /<label[^>]*><input type="checkbox"([^>]*)\/>Only stale VBUs<\/label>/.exec(html)?.[1];

  it("is an Only stale VBUs checkbox for everyone, checked as the URL says, cleared with the others", () => {
    expect(checkbox(form({}))).toBe(' class="size-4 touch:size-6" name="stale" value="1"');
    const on = form({ stale: true });
    expect(checkbox(on)).toBe(' class="size-4 touch:size-6" name="stale" checked="" value="1"');
    expect(on).toContain(">Clear filters</a>");
  });
});

describe("the board's review filter", () => {
  const form = (filters: Parameters<typeof BoardFilterForm>[0]["filters"]) =>
    renderToStaticMarkup(<BoardFilterForm filters={filters} gms={[]} offerMine={false} />);

  it("is a Review select of Any and the four states, showing the one in the URL, cleared with the others", () => {
    const html = form({ review: "overdue" });
    expect(html).toContain('<label for="board-review" class="text-sm font-medium text-slate-800">Review</label>');
    const select = /<select id="board-review" name="review"[^>]*>(.*?)<\/select>/.exec(html)?.[1];
    expect(
      [...(select ?? "").matchAll(/<option value="([^"]*)"( selected="")?>([^<]+)<\/option>/g)].map((m) => [
        m[1],
        m[3],
        Boolean(m[2]),
      ]),
    ).toEqual([
      ["", "Any", false],
      ["published", "Published", false],
      ["draft", "Draft", false],
      ["due", "Due", false],
      ["overdue", "Overdue", true],
    ]);
    expect(html).toContain(">Clear filters</a>");
    expect(form({})).not.toContain("Clear filters");
  });
});

describe("a card's proof point bar", () => {
  it("has one band per status, in the order and the proportions of the counts written under it", () => {
    expect(barBackground(CARD.counts, 4)).toBe(
      "linear-gradient(to right, #90a1b9 0.00% 25.00%, #155dfc 25.00% 75.00%, #00a544 75.00% 100.00%, #f99c00 100.00% 100.00%)",
    );
    const html = renderToStaticMarkup(<VbuCard card={CARD} lane="sell" canMove={false} />);
    // A glance for sighted readers, hidden from assistive technology: the words say it all.
    expect(html).toMatch(/<div aria-hidden="true" class="[^"]*" style="background-image:linear-gradient/);
    expect(html).toContain("Proof points: 1 not started · 2 in progress · 1 observed · 0 stalled");
  });

  it("is not drawn for a canvas without proof points, which says so", () => {
    const html = renderToStaticMarkup(
      <VbuCard
        card={{ ...CARD, counts: { not_started: 0, in_progress: 0, observed: 0, stalled: 0 } }}
        lane="sell"
        canMove
      />,
    );
    expect(html).not.toContain("linear-gradient");
    expect(html).toContain("No proof points yet.");
  });

  it("has a legend naming each colour's status, in the bar's order", () => {
    const legend = renderToStaticMarkup(<BarLegend />);
    const names = [...legend.matchAll(/<\/span>([a-z ]+)<\/span>/g)].map((m) => m[1]);
    expect(names).toEqual(["not started", "in progress", "observed", "stalled"]);
    for (const colour of ["#90a1b9", "#155dfc", "#00a544", "#f99c00"]) expect(legend).toContain(colour);
  });
});

// Each describe has a database of its own, seeded with the demo portfolio: one adds VBUs, another
// empties a lane, and none may see what the others did, whatever their order.
describe.each(ENGINES)("the board page's queries on %s", (engine) => {
  const database = useSeededAppDatabase(engine);

  it("renders with the same queries for the demo's 12 VBUs as for 52: the session, then the board's three", async () => {
    await signInAs("viewer");
    const small = await countingQueries(database.current(), () => renderBoard());
    expect(small.result).toContain("Harbor Logistics");
    expect(small.result).not.toContain("Show all");
    const gmId = await idOf("ana");
    for (let n = 0; n < 40; n++) {
      await insertVbu({
        name: `Extra ${String(n).padStart(2, "0")}`,
        gmId,
        lane: (["build", "sell", "milk", "reframe"] as const)[n % 4],
        theses: [[["in_progress", null]]],
        testing: [0, 0],
      });
    }
    const large = await countingQueries(database.current(), () => renderBoard());
    expect(large.result).toContain("Show all");
    expect(small.queries).toHaveLength(4);
    expect(large.queries).toHaveLength(4);
    // Only stale VBUs (the demo's two untouched for 60 days): the same four.
    const stale = await countingQueries(database.current(), () => renderBoard({ stale: "1" }));
    expect(stale.result).toContain("2 VBUs match these filters.");
    expect(stale.queries).toHaveLength(4);
    // None stale (a search the stale ones do not match): the same four.
    const none = await countingQueries(database.current(), () => renderBoard({ q: "Harbor", stale: "1" }));
    expect(none.result).toContain("No VBUs match these filters.");
    expect(none.queries).toHaveLength(4);
  });
});

describe.each(ENGINES)("the board page's history on %s", (engine) => {
  useSeededAppDatabase(engine);

  it("says on each card since when it is in its lane, flags the stale ones, and filters to them", async () => {
    await signInAs("viewer");
    const gmId = await idOf("ana");
    const name = `Dormant ${Date.now()}`;
    const { vbuId } = await insertVbu({ name, gmId, lane: "milk" });
    await insertHistory(vbuId, laneMove(new Date("2020-02-10T00:00:00Z"), "sell", "milk"), {
      at: new Date("2020-03-03T09:00:00Z"),
      subject: "thesis",
      changes: { text: ["a", "b"] },
    });
    const cardOf = (html: string) => {
      const start = html.indexOf(`>${name}</a>`);
      return start < 0 ? null : html.slice(start, html.indexOf("</li>", start)).replace(/<[^>]+>/g, "|");
    };
    const all = await renderBoard({ q: name });
    expect(cardOf(all)).toContain("|In Milk since February 2020|");
    expect(cardOf(all)).toContain("|⏸ |Stale: no change since 3 Mar 2020|");
    const stale = await renderBoard({ q: name, stale: "1" });
    expect(stale).toContain("1 VBU matches these filters.");
    expect(cardOf(stale)).toContain("Stale: no change since 3 Mar 2020");
    // The demo's VBUs changed within its year of history: Harbor Logistics is not stale today.
    const harbor = await renderBoard({ q: "Harbor Logistics" });
    expect(harbor).toMatch(/In (Build|Sell|Milk|Reframe) since [A-Z][a-z]+ 20\d\d/);
  });
});

describe.each(ENGINES)("the board page's empty lanes on %s", (engine) => {
  useSeededAppDatabase(engine);

  it("says so in each lane with no VBU, unfiltered or filtered", async () => {
    await signInAs("viewer");
    // Empty one lane: its VBUs leave (this test's own database).
    await getDb().execute(
      sql`DELETE FROM vbus WHERE id IN (SELECT vbu_id FROM canvases WHERE lifecycle_lane = 'reframe')`,
    );
    const reframe = (html: string) => html.slice(html.indexOf('data-lane="reframe"'));
    expect(reframe(await renderBoard())).toContain("No VBUs in this lane.");
    const filtered = await renderBoard({ q: "Harbor Logistics" });
    expect(filtered).toContain("1 VBU matches these filters.");
    expect(reframe(filtered)).toContain("No VBUs in this lane match these filters.");
  });
});
