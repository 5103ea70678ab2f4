import { expect, type Page, test } from "@playwright/test";
import { uniqueTag } from "../tests/factories";
import { createGm, createProofPoint, createVbu } from "./fixtures";
import { signIn } from "./support";

// The board as a viewer reads it. Other tests add VBUs to the same database at any time, so no
// assertion here depends on what else is on the board: the smoke test reads the demo seed lane
// by lane with each lane shown in full, and the others make VBUs of their own (with a GM of
// their own, under a unique tag) and filter the board down to them.

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
  // Each lane shown in full ("Show all"): the seeded VBUs are there however many others were added.
  for (const [name, vbus] of Object.entries(SEED)) {
    await page.goto(`/board?lane=${name.toLowerCase()}`);
    for (const vbu of vbus) await expect(lane(page, name).getByRole("link", { name: vbu, exact: true })).toBeVisible();
  }
  // A card: product, GM, what it tests, its proof points counted in words, the overdue flag, notes.
  await page.goto("/board?lane=build");
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
  const vbu = await createVbu(await createGm(), `Mosaic ${uniqueTag()}`, "reframe");
  await signIn(page, "viewer", `/board?q=${encodeURIComponent(vbu.name)}`);
  await lane(page, "Reframe").getByRole("link", { name: vbu.name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: vbu.name })).toBeVisible();
  await expect(page.getByText("Lane: Reframe")).toBeVisible();
});

test("a viewer filters by GM, and the URL says so", async ({ page }) => {
  const tag = uniqueTag();
  const [gm, other] = [await createGm(`Gm ${tag}`), await createGm(`Other ${tag}`)];
  const theirs = [
    await createVbu(gm, `Harbor ${tag}`, "build"),
    await createVbu(gm, `Brightpath ${tag}`, "sell"),
    await createVbu(gm, `Greenleaf ${tag}`, "milk"),
  ];
  const notTheirs = await createVbu(other, `Fieldnote ${tag}`, "build");
  await signIn(page, "viewer");
  await page.getByLabel("GM").selectOption({ label: gm.name });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`/board\\?gm=${gm.id}$`));
  for (const vbu of theirs) await expect(card(page, vbu.name)).toContainText(`GM: ${gm.name}`);
  await expect(page.getByRole("link", { name: notTheirs.name, exact: true })).toHaveCount(0);
  await expect(page.getByText(`GM: ${other.name}`)).toHaveCount(0);

  // Filters combine: their VBUs named like "harbor …" are one card; the other lanes say so.
  await page.getByLabel("Search by name").fill(`harbor ${tag}`);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`/board\\?gm=${gm.id}&q=harbor\\+${tag}$`));
  await expect(lane(page, "Build").getByRole("listitem")).toHaveCount(1);
  for (const name of ["Sell", "Milk", "Reframe"]) {
    await expect(lane(page, name)).toContainText("No VBUs in this lane match these filters.");
  }

  // The URL is the view: opened afresh, it shows the same board with the filter chosen.
  await page.goto(page.url());
  await expect(page.getByLabel("GM")).toHaveValue(gm.id);
  await expect(page.getByRole("link", { name: notTheirs.name, exact: true })).toHaveCount(0);
  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/board$/);
  // Unfiltered: no "… match these filters" line (their cards may be past a lane's first few),
  // and the form shows no filter either (it kept the old GM once, ready to be applied again).
  await expect(page.getByText(/match(es)? these filters/)).toHaveCount(0);
  await expect(page.getByLabel("GM")).toHaveValue("");

  // A link filtering by no one who could be a GM keeps its other filters and drops that one,
  // rather than show an empty board under "All GMs".
  await page.goto(`/board?gm=00000000-0000-4000-8000-000000000000&q=${tag}`);
  await expect(page).toHaveURL(new RegExp(`/board\\?q=${tag}$`));
  await expect(page.getByLabel("GM")).toHaveValue("");
  for (const vbu of [...theirs, notTheirs]) {
    await expect(page.getByRole("link", { name: vbu.name, exact: true })).toBeVisible();
  }
});

test("a viewer filters by proof point status, overdue included", async ({ page }) => {
  const tag = uniqueTag();
  const gm = await createGm(`Gm ${tag}`);
  // Statuses and review months of their own: a past month is overdue unless observed.
  const stalled = await createVbu(gm, `Stalled ${tag}`, "build");
  await createProofPoint(stalled.id, "Stuck", { status: "stalled" });
  const overdue = await createVbu(gm, `Overdue ${tag}`, "sell");
  await createProofPoint(overdue.id, "Late", { status: "in_progress", reviewMonth: "2020-01" });
  const observedLate = await createVbu(gm, `Observed ${tag}`, "milk");
  await createProofPoint(observedLate.id, "Seen", { status: "observed", reviewMonth: "2020-01" });
  const fresh = await createVbu(gm, `Fresh ${tag}`, "reframe");
  await createProofPoint(fresh.id, "Not yet", { status: "not_started", reviewMonth: "2999-01" });

  await signIn(page, "viewer", `/board?gm=${gm.id}`);
  await page.getByLabel("Proof point status").selectOption("Stalled");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`/board\\?gm=${gm.id}&status=stalled$`));
  await expect(page.getByRole("link", { name: stalled.name, exact: true })).toBeVisible();
  for (const vbu of [overdue, observedLate, fresh]) {
    await expect(page.getByRole("link", { name: vbu.name, exact: true })).toHaveCount(0);
  }

  await page.goto(`/board?gm=${gm.id}&status=overdue`);
  await expect(page.getByLabel("Proof point status")).toHaveValue("overdue");
  await expect(card(page, overdue.name)).toContainText("1 overdue for review");
  for (const vbu of [stalled, observedLate, fresh]) {
    await expect(page.getByRole("link", { name: vbu.name, exact: true })).toHaveCount(0);
  }
});

test("a viewer searches VBU and product names, and an empty result says so", async ({ page }) => {
  const tag = uniqueTag();
  const gm = await createGm(`Gm ${tag}`);
  const harbor = await createVbu(gm, `Harbor ${tag}`, "build");
  const fieldnote = await createVbu(gm, `Fieldnote ${tag}`, "build");
  const northwind = await createVbu(gm, `Northwind ${tag}`, "sell", { productName: `Shelf Insights ${tag}` });
  await signIn(page, "viewer");
  await page.getByLabel("Search by name").fill(`harbor ${tag}`);
  await page.getByRole("button", { name: "Apply filters" }).click();
  // The URL holds only what applies (the form's blank fields are dropped).
  await expect(page).toHaveURL(new RegExp(`/board\\?q=harbor\\+${tag}$`));
  await expect(page.getByRole("link", { name: harbor.name, exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: fieldnote.name, exact: true })).toHaveCount(0);

  // A product name finds its VBU.
  await page.getByLabel("Search by name").fill(`shelf insights ${tag}`);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(lane(page, "Sell").getByRole("link", { name: northwind.name })).toBeVisible();
  await expect(page.getByText("1 VBU matches these filters.")).toBeVisible();

  await page.getByLabel("Search by name").fill(`no such VBU ${tag}`);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByText("No VBUs match these filters.")).toBeVisible();
  for (const name of Object.keys(SEED)) {
    await expect(lane(page, name)).toContainText("No VBUs in this lane match these filters.");
  }
  await page.getByRole("link", { name: "Show every VBU" }).click();
  await expect(page).toHaveURL(/\/board$/);
  await expect(page.getByLabel("Search by name")).toHaveValue("");
  await expect(page.getByText("No VBUs match these filters.")).toHaveCount(0);
});

test("a link to the board from when it lived at / opens the same view at /board", async ({ page }) => {
  const tag = uniqueTag();
  const vbu = await createVbu(await createGm(), `Harbor ${tag}`);
  await createProofPoint(vbu.id, "Stuck", { status: "stalled" });
  await signIn(page, "viewer");
  await page.goto(`/?status=stalled&q=${tag}`);
  await expect(page).toHaveURL(new RegExp(`/board\\?status=stalled&q=${tag}$`));
  await expect(page.getByLabel("Proof point status")).toHaveValue("stalled");
  await expect(page.getByRole("link", { name: vbu.name, exact: true })).toBeVisible();
});

test("filters the server cannot use are ignored, not an error", async ({ page }) => {
  await signIn(page, "viewer");
  const response = await page.goto("/board?gm=nobody&status=finished&q=&lane=archive");
  expect(response?.status()).toBe(200);
  await expect(page).toHaveURL(/\/board$/);
  await expect(page.getByRole("heading", { level: 2 })).toHaveText([/^Build/, /^Sell/, /^Milk/, /^Reframe/]);
  await expect(page.getByLabel("GM")).toHaveValue("");
  await expect(page.getByLabel("Proof point status")).toHaveValue("");
});
