import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { createGm, createProofPoint, createVbu, moveLane } from "./fixtures";
import { DEMO, signIn } from "./support";

// The trends page (/trends): three charts, each a figure with an image described in words and
// its numbers in a table, and the latest lane moves. The test makes its own GM, VBU and history,
// and reads the trends filtered to that GM, so nothing another test does changes what it sees.
// axe-core as in e2e/a11y.spec.ts: WCAG 2.1 A and AA, plus label-content-name-mismatch and target-size.

const EXTRA_RULES = ["label-content-name-mismatch", "target-size"] as const;

async function expectNoViolations(page: Page) {
  const rules = Object.fromEntries(EXTRA_RULES.map((rule) => [rule, { enabled: true }]));
  const { violations } = await new AxeBuilder({ page })
    .options({ rules })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(violations.map((v) => ({ rule: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }))).toEqual(
    [],
  );
}

const thisMonth = () =>
  `${new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date())} (so far)`;

test("the trends for a GM's VBUs: charts described in words, their numbers in tables, the latest moves", async ({
  page,
}) => {
  const gm = await createGm();
  const vbu = await createVbu(gm, undefined, "build");
  await createProofPoint(vbu.id, "Pilot customers renew", { status: "stalled" });
  await moveLane(vbu, "sell", DEMO.gm.email);

  await signIn(page, "viewer", `/trends?gm=${gm.id}`);
  await expect(page.getByRole("heading", { name: "Trends", level: 1 })).toBeVisible();
  await expect(page.getByText(`Only VBUs run by ${gm.name} are counted`)).toBeVisible();

  const statuses = page.getByRole("figure", { name: "Proof points by status" });
  const lanes = page.getByRole("figure", { name: "VBUs by lane" });
  const moves = page.getByRole("figure", { name: "Lane moves" });
  await expect(statuses.getByRole("img")).toHaveAttribute(
    "aria-label",
    new RegExp(
      `${thisMonth().replace(/[()]/g, "\\$&")}: 0 not started, 0 in progress, 0 observed, 1 stalled; 1 proof point in all\\.`,
    ),
  );
  await expect(lanes.getByRole("img")).toHaveAttribute(
    "aria-label",
    /0 build, 1 sell, 0 milk, 0 reframe; 1 VBU in all\./,
  );
  await expect(moves.getByRole("img")).toHaveAttribute("aria-label", /\(so far\): 1 move\./);

  // The numbers, a click away: this month's row of each table.
  for (const [figure, cells] of [
    [statuses, ["0", "0", "0", "1", "1"]],
    [lanes, ["0", "1", "0", "0", "1"]],
    [moves, ["1"]],
  ] as const) {
    await figure.getByText("Show the numbers").click();
    const row = figure.getByRole("row", { name: new RegExp(`^${thisMonth().replace(/[()]/g, "\\$&")}`) });
    await expect(row.getByRole("cell")).toHaveText([...cells]);
  }
  await expect(statuses.getByRole("columnheader")).toHaveText([
    "Month",
    "Not started",
    "In progress",
    "Observed",
    "Stalled",
    "Total",
  ]);

  const latest = page.getByRole("table", { name: "The latest lane moves, newest first" });
  await expect(latest.getByRole("row").nth(1).getByRole("cell")).toHaveText([
    vbu.name,
    "Build → Sell",
    /UTC$/,
    "Ana Silva",
  ]);
  await expectNoViolations(page);
});

test("the whole portfolio's trends pass axe, on a phone too", async ({ page }) => {
  await signIn(page, "viewer", "/trends");
  await expect(page.getByRole("figure")).toHaveCount(3);
  await expect(page.getByText("Every VBU is counted.")).toBeVisible();
  await expectNoViolations(page);
  await page.setViewportSize({ width: 390, height: 844 });
  for (const summary of await page.getByText("Show the numbers").all()) await summary.click();
  await expectNoViolations(page);
});
