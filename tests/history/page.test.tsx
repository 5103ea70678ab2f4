// The history page as rendered (app/vbus/[id]/history/page.tsx, to static markup): the filters
// kept in the form and in the "Older changes" link, a heading per day, the sentences and their
// diffs, and the same queries for a page whatever the history holds.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import VbuHistoryPage from "../../app/vbus/[id]/history/page";
import { getDb } from "../../db/client";
import { changeHistory } from "../../db/schema";
import { useSeededAppDatabase } from "../support/app-database";
import { countingQueries } from "../support/counting";
import { ENGINES } from "../support/database";
import { idOf, signInAs } from "../support/session";
import { insertCanvas } from "../canvas/support";

async function renderHistory(id: string, params: Record<string, string> = {}): Promise<string> {
  return renderToStaticMarkup(
    await VbuHistoryPage({ params: Promise.resolve({ id }), searchParams: Promise.resolve(params) }),
  );
}

/** `count` status changes of one proof point by Ana, a day apart, straight into the history. */
async function statusChanges(vbuId: string, pointId: string, thesisId: string, count: number) {
  const anaId = await idOf("ana");
  const rows = Array.from({ length: count }, (_, i): typeof changeHistory.$inferInsert => ({
    at: new Date(Date.UTC(2026, 0, 1 + i, 10, 30)),
    actorId: anaId,
    actorName: "Ana Silva",
    vbuId,
    vbuName: "Rendered",
    subject: "proof_point",
    subjectId: pointId,
    proofPointId: pointId,
    thesisId,
    action: "changed",
    changes: i % 2 ? { status: ["observed", "in_progress"] } : { status: ["in_progress", "observed"] },
  }));
  await getDb().insert(changeHistory).values(rows);
}

describe.each(ENGINES)("the history page on %s", (engine) => {
  const database = useSeededAppDatabase(engine);

  it("renders days as headings, sentences with their values, and an Older changes link that keeps the filters", async () => {
    const f = await insertCanvas({ gm: "ana", theses: [["Buyers pay", [{ description: "Pilot signs" }]]] });
    const point = f.pointIds[0]![0]!;
    await statusChanges(f.vbuId, point, f.thesisIds[0]!, 60);
    await signInAs("viewer");
    const html = await renderHistory(f.vbuId, { field: "status", person: await idOf("ana") });
    expect(html).toContain(`<h1 class="text-2xl font-semibold tracking-tight">${f.vbuName}: change history</h1>`);
    // The newest day first, as a heading.
    expect(html).toMatch(/<h3 id="day-2026-03-01"[^>]*><time dateTime="2026-03-01">1 Mar 2026<\/time><\/h3>/);
    expect(html).toContain("Ana Silva</span> changed proof point “Pilot signs”");
    expect(html).toContain("Status:</span> Observed → In progress"); // the newest, an odd one
    // 50 on the page: 1 Mar back to 11 Jan; the link asks for those older than the last one shown.
    expect(html).toContain('id="day-2026-01-11"');
    expect(html).not.toContain('id="day-2026-01-10"');
    const older = /<a [^>]*href="([^"]+)"[^>]*>Older changes<\/a>/.exec(html)?.[1]?.replaceAll("&amp;", "&");
    const url = new URL(older!, "http://x");
    expect(url.pathname).toBe(`/vbus/${f.vbuId}/history`);
    expect(url.searchParams.get("field")).toBe("status");
    expect(url.searchParams.get("person")).toBe(await idOf("ana"));
    expect(url.searchParams.get("before")).toMatch(/^\d+$/);
    const next = await renderHistory(f.vbuId, Object.fromEntries(url.searchParams));
    expect(next).not.toContain("Older changes");
    expect(next).toContain('<time dateTime="2026-01-01">1 Jan 2026</time>');
    // The chosen filters are selected in the form.
    expect(html).toMatch(/<option value="status" selected="">Status<\/option>/);
  });

  it("renders with the same queries for 5 entries as for 60, and ignores nonsense in the URL", async () => {
    await signInAs("viewer");
    const counts: number[] = [];
    for (const n of [5, 60]) {
      const f = await insertCanvas({ gm: "ana", theses: [["T", [{ description: "P" }]]] });
      await statusChanges(f.vbuId, f.pointIds[0]![0]!, f.thesisIds[0]!, n);
      const { result, queries } = await countingQueries(database.current(), () =>
        renderHistory(f.vbuId, { point: f.pointIds[0]![0]!, before: "zzz", field: "<script>" }),
      );
      expect(result).toContain("Status history: P (thesis 1)");
      expect(result).not.toContain("<script>");
      counts.push(queries.length);
    }
    expect(counts[0]).toBe(counts[1]);
  });
});
