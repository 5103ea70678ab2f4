// The review's "what changed" as readers see it (app/_components/review-diff.tsx), rendered to
// static markup from diffs written out here, so each sentence checked is the one a reader gets.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ReviewDiff, Words } from "../../app/_components/review-diff";
import type { ReviewDiff as Diff } from "../../lib/reviews/diff";

const NOTHING: Diff = {
  first: false,
  vbuName: null,
  gmName: null,
  lane: null,
  fields: [],
  theses: [],
  proofPoints: [],
  evidence: [],
  currentlyTesting: null,
};

const render = (diff: Partial<Diff>) =>
  renderToStaticMarkup(<ReviewDiff diff={{ ...NOTHING, ...diff }} sinceLabel="the October 2026 review" />);

/** The text a reader gets, screen-reader words included, without the markup. */
const text = (html: string) => html.replace(/<[^>]+>/g, "");

/** Each section's heading and the text of each of its items. */
function sections(html: string): [string, string[]][] {
  return [...html.matchAll(/<h3[^>]*>(.*?)<\/h3><ul[^>]*>(.*?)<\/ul><\/section>/g)].map(([, title, items]) => [
    title!,
    // A proof point's lines are paragraphs: " | " stands for the break between them.
    [...items!.matchAll(/<li>(.*?)<\/li>/g)].map(([, item]) => text(item!.replaceAll("</p><p>", " | "))),
  ]);
}

const B = { id: "t-b", order: 2 };
const A = { id: "t-a", order: 1 };

describe("the review's changes", () => {
  it("say there is nothing to compare with on the first review", () => {
    expect(text(render({ first: true }))).toBe("No earlier review to compare with.");
  });

  it("say nothing changed since the review they compare with", () => {
    expect(text(render({}))).toBe("Nothing changed since the October 2026 review.");
  });

  it("are listed under one heading per kind, in the page's order, as sentences", () => {
    const html = render({
      vbuName: { before: "Harbor", after: "Harbour" },
      gmName: { before: "Ana Silva", after: "Ben Okafor" },
      lane: { before: "build", after: "sell" },
      fields: [
        { field: "productName", change: "written", words: [{ kind: "added", text: "Dock" }] },
        { field: "portfolioNotes", change: "cleared", words: [{ kind: "removed", text: "Watch cash" }] },
      ],
      theses: [
        { kind: "changed", id: "t-c", order: 1, text: "Ports share", movedFrom: 3, words: null },
        {
          kind: "changed",
          id: "t-a",
          order: 2,
          text: "Owners pay",
          movedFrom: 1,
          words: [
            { kind: "same", text: "Owners " },
            { kind: "removed", text: "will " },
            { kind: "same", text: "pay" },
          ],
        },
        {
          kind: "changed",
          id: "t-d",
          order: 3,
          text: "Drivers use it",
          movedFrom: null,
          words: [
            { kind: "same", text: "Drivers use " },
            { kind: "added", text: "it" },
          ],
        },
        { kind: "added", id: "t-e", order: 4, text: "Fleets want one invoice" },
        { kind: "removed", id: "t-b", order: 2, text: "Docks sell" },
      ],
      proofPoints: [
        {
          kind: "changed",
          id: "p1",
          description: "Ship pilot",
          thesis: A,
          movedFrom: B,
          status: { before: "in_progress", after: "observed" },
          words: null,
          evidenceNote: null,
          targetReviewMonth: { before: "2027-03", after: null },
        },
        {
          kind: "changed",
          id: "p2",
          description: "Send the invoice",
          thesis: A,
          movedFrom: null,
          status: null,
          words: [
            { kind: "same", text: "Send " },
            { kind: "removed", text: "an" },
            { kind: "added", text: "the" },
            { kind: "same", text: " invoice" },
          ],
          evidenceNote: { change: "written", words: [{ kind: "added", text: "Two signed" }] },
          targetReviewMonth: null,
        },
        { kind: "added", id: "p3", description: "Call ten owners", status: "not_started", thesis: B },
        { kind: "removed", id: "p4", description: "Old idea", status: "stalled", thesis: B },
      ],
      evidence: [
        {
          kind: "added",
          id: "e1",
          filename: "contract.pdf",
          label: "Signed",
          proofPoint: { id: "p1", description: "Ship pilot" },
        },
        {
          kind: "removed",
          id: "e2",
          filename: "dock.jpg",
          label: null,
          proofPoint: { id: "p4", description: "Old idea" },
        },
      ],
      currentlyTesting: {
        before: { type: "thesis", id: "t-a", label: "Owners will pay" },
        after: { type: "proof_point", id: "p1", label: "Ship pilot" },
      },
    });
    expect(sections(html)).toEqual([
      ["VBU", ["Renamed from “Harbor” to “Harbour”.", "GM changed from Ana Silva to Ben Okafor."]],
      ["Lane", ["Moved from Build to Sell."]],
      ["Canvas fields", ["Product name written: added: Dock", "Portfolio notes cleared: removed: Watch cash"]],
      [
        "Theses",
        [
          "Thesis 3 moved to 1.",
          "Thesis 1 moved to 2 and edited: Owners removed: will pay",
          "Thesis 3 edited: Drivers use added: it",
          "Thesis 4 added: Fleets want one invoice",
          "Thesis 2 removed: Docks sell",
        ],
      ],
      [
        "Proof points",
        [
          "“Ship pilot” In progress → Observed; moved from thesis 2 to thesis 1; review month March 2027 → none",
          "“Send the invoice” | Description edited: Send removed: an added: the invoice | Evidence note written: added: Two signed",
          "Added “Call ten owners” to thesis 2 (Not started).",
          "Removed “Old idea” from thesis 2.",
        ],
      ],
      ["Evidence", ["Added contract.pdf (“Signed”) to “Ship pilot”.", "Removed dock.jpg from “Old idea”."]],
      ["Currently testing", ["Changed from “Owners will pay” to “Ship pilot”."]],
    ]);
  });

  it("leave out the headings of kinds that did not change", () => {
    const html = render({ lane: { before: "milk", after: "reframe" } });
    expect(sections(html)).toEqual([["Lane", ["Moved from Milk to Reframe."]]]);
  });

  it.each([
    [{ before: null, after: { type: "thesis", id: "t-a", label: "Owners pay" } }, "Set to “Owners pay”."],
    [{ before: { type: "thesis", id: "t-a", label: "Owners pay" }, after: null }, "Cleared (was “Owners pay”)."],
  ] as const)("say when what is being tested was set or cleared", (currentlyTesting, sentence) => {
    expect(sections(render({ currentlyTesting }))).toEqual([["Currently testing", [sentence]]]);
  });
});

describe("marked words", () => {
  it("are underlined when added and struck through when removed, and say so to screen readers", () => {
    const html = renderToStaticMarkup(
      <Words
        words={[
          { kind: "same", text: "Ship in " },
          { kind: "removed", text: "May" },
          { kind: "added", text: "June" },
        ]}
      />,
    );
    expect(html).toMatch(/<del class="[^"]*\bline-through\b[^"]*"><span class="sr-only">removed: <\/span>May<\/del>/);
    expect(html).toMatch(/<ins class="[^"]*\bunderline\b[^"]*"><span class="sr-only">added: <\/span>June<\/ins>/);
    expect(text(html)).toBe("Ship in removed: May added: June");
  });
});
