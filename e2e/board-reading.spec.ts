import { expect, type Page, test } from "@playwright/test";
import { DEMO, signIn } from "./support";

// The board as a viewer reads it, on the demo seed (read-only: other tests add VBUs
// of their own, so these check what is there and what is not, never exact totals).

const lane = (page: Page, name: string) => page.getByRole("region", { name: new RegExp(`^${name}`) });
const card = (page: Page, vbu: string) =>
  page.getByRole("listitem").filter({ has: page.getByRole("link", { name: vbu, exact: true }) });
const SEED: Record<string, string[]> = {
  Build: ["Fieldnote", "Harbor Logistics", "Ledgerlight"],
  Sell: ["Brightpath Learning", "Clearwater Utilities", "Northwind Retail Analytics", "Pillar HR"],
  Milk: ["Archive Pro", "Greenleaf Payroll", "Signal Telecom Billing"],
  Reframe: ["Beacon Security", "Mosaic Media"],
};

test("the board lists the seeded VBUs in their lanes @smoke", async ({ page }) => {
  await signIn(page, "viewer");
  await expect(page.getByRole("heading", { level: 1, name: "Board" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2 })).toHaveText([/^Build/, /^Sell/, /^Milk/, /^Reframe/]);
  for (const [name, vbus] of Object.entries(SEED)) {
    for (const vbu of vbus) await expect(lane(page, name).getByRole("link", { name: vbu, exact: true })).toBeVisible();
  }
  // A card: product, GM, what it tests, its proof points counted in words, the overdue flag, notes.
  const harbor = card(page, "Harbor Logistics");
  await expect(harbor).toContainText("Harbor Dock Scheduler");
  await expect(harbor).toContainText("GM: Ana Silva");
  await expect(harbor).toContainText("Testing: Pilot port accepts 60% of proposals unchanged for four weeks");
  await expect(harbor).toContainText(/Proof points: \d+ not started · \d+ in progress · \d+ observed · \d+ stalled/);
  await expect(harbor).toContainText("1 overdue for review");
  await expect(harbor).toContainText("Portfolio notes: Pilot results due before the Q3 portfolio review.");
  await expect(card(page, "Fieldnote")).not.toContainText("overdue");
  // Viewers read: nothing on the board writes.
  await expect(page.getByRole("button", { name: /Move/ })).toHaveCount(0);
  await expect(page.locator("[draggable=true]")).toHaveCount(0);
});

test("a card opens its canvas", async ({ page }) => {
  await signIn(page, "viewer");
  await lane(page, "Reframe").getByRole("link", { name: "Mosaic Media", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mosaic Media" })).toBeVisible();
  await expect(page.getByText("Lane: Reframe")).toBeVisible();
});

test("a viewer filters by GM, and the URL says so", async ({ page }) => {
  await signIn(page, "viewer");
  await page.getByLabel("GM").selectOption({ label: DEMO.gm.name });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/\/board\?gm=[0-9a-f-]{36}$/);
  for (const vbu of ["Harbor Logistics", "Brightpath Learning", "Pillar HR", "Greenleaf Payroll"]) {
    await expect(card(page, vbu)).toContainText("GM: Ana Silva");
  }
  await expect(page.getByRole("link", { name: "Fieldnote", exact: true })).toHaveCount(0);
  await expect(page.getByText("GM: Ben Okafor")).toHaveCount(0);

  // Filters combine: Ana's VBUs named like "harbor" are one card; the other lanes say so.
  await page.getByLabel("Search by name").fill("harbor");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/\/board\?gm=[0-9a-f-]{36}&q=harbor$/);
  await expect(lane(page, "Build").getByRole("listitem")).toHaveCount(1);
  for (const name of ["Sell", "Milk", "Reframe"]) {
    await expect(lane(page, name)).toContainText("No VBUs in this lane match these filters.");
  }

  // The URL is the view: opened afresh, it shows the same board with the filter chosen.
  await page.goto(page.url());
  await expect(page.getByLabel("GM")).toHaveValue(/[0-9a-f-]{36}/);
  await expect(page.getByRole("link", { name: "Fieldnote", exact: true })).toHaveCount(0);
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/board$/);
  await expect(page.getByRole("link", { name: "Fieldnote", exact: true })).toBeVisible();

  // A link filtering by no one who could be a GM keeps its other filters and drops that one,
  // rather than show an empty board under "All GMs".
  await page.goto("/board?gm=00000000-0000-4000-8000-000000000000&q=harbor");
  await expect(page).toHaveURL(/\/board\?q=harbor$/);
  await expect(page.getByLabel("GM")).toHaveValue("");
  await expect(page.getByRole("link", { name: "Harbor Logistics", exact: true })).toBeVisible();
});

test("a viewer filters by proof point status, overdue included", async ({ page }) => {
  await signIn(page, "viewer");
  await page.getByLabel("Proof point status").selectOption("Stalled");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/\/board\?status=stalled$/);
  for (const vbu of ["Harbor Logistics", "Northwind Retail Analytics", "Signal Telecom Billing", "Beacon Security"]) {
    await expect(page.getByRole("link", { name: vbu, exact: true })).toBeVisible();
  }
  for (const vbu of ["Fieldnote", "Pillar HR", "Archive Pro", "Mosaic Media"]) {
    await expect(page.getByRole("link", { name: vbu, exact: true })).toHaveCount(0);
  }

  await page.goto("/board?status=overdue");
  await expect(page.getByLabel("Proof point status")).toHaveValue("overdue");
  for (const vbu of ["Harbor Logistics", "Greenleaf Payroll", "Beacon Security"]) {
    await expect(card(page, vbu)).toContainText(/\d+ overdue for review/);
  }
  // Not Mosaic Media: its point due this month turns overdue if the run crosses midnight on the 1st.
  for (const vbu of ["Fieldnote", "Brightpath Learning", "Archive Pro"]) {
    await expect(page.getByRole("link", { name: vbu, exact: true })).toHaveCount(0);
  }
});

test("a viewer searches VBU and product names, and an empty result says so", async ({ page }) => {
  await signIn(page, "viewer");
  await page.getByLabel("Search by name").fill("harbor");
  await page.getByRole("button", { name: "Apply filters" }).click();
  // The URL holds only what applies (the form's blank fields are dropped).
  await expect(page).toHaveURL(/\/board\?q=harbor$/);
  await expect(page.getByRole("link", { name: "Harbor Logistics", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Fieldnote", exact: true })).toHaveCount(0);

  // A product name finds its VBU.
  await page.getByLabel("Search by name").fill("shelf insights");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(lane(page, "Sell").getByRole("link", { name: "Northwind Retail Analytics" })).toBeVisible();
  await expect(page.getByText("1 VBU matches these filters.")).toBeVisible();

  await page.getByLabel("Search by name").fill("no such VBU anywhere");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByText("No VBUs match these filters.")).toBeVisible();
  for (const name of Object.keys(SEED)) {
    await expect(lane(page, name)).toContainText("No VBUs in this lane match these filters.");
  }
  await page.getByRole("link", { name: "Show every VBU" }).click();
  await expect(page.getByRole("link", { name: "Harbor Logistics", exact: true })).toBeVisible();
});

test("a link to the board from when it lived at / opens the same view at /board", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/?status=stalled&q=harbor");
  await expect(page).toHaveURL(/\/board\?status=stalled&q=harbor$/);
  await expect(page.getByLabel("Proof point status")).toHaveValue("stalled");
  await expect(page.getByRole("link", { name: "Harbor Logistics", exact: true })).toBeVisible();
});

test("filters the server cannot use are ignored, not an error", async ({ page }) => {
  await signIn(page, "viewer");
  const response = await page.goto("/board?gm=nobody&status=finished&q=&lane=archive");
  expect(response?.status()).toBe(200);
  await expect(page).toHaveURL(/\/board$/);
  await expect(page.getByRole("link", { name: "Harbor Logistics", exact: true })).toBeVisible();
  await expect(page.getByLabel("GM")).toHaveValue("");
  await expect(page.getByLabel("Proof point status")).toHaveValue("");
});
