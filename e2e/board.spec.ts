import { randomUUID } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { createVbu } from "./fixtures";
import { DEMO, holdScripts, signIn } from "./support";

// An admin moves a VBU to another lane from the board, by keyboard and by drag and drop, and
// its GM's canvas shows the new lane. Each test moves a VBU of its own, and searches for it so
// that the board shows only that card (both lanes on screen for the drag).

const lane = (page: Page, name: string) => page.getByRole("region", { name: new RegExp(`^${name}`) });
const cardIn = (page: Page, laneName: string, vbu: string) =>
  lane(page, laneName)
    .getByRole("listitem")
    .filter({ has: page.getByRole("link", { name: vbu, exact: true }) });

async function gmSeesLane(page: Page, vbuId: string, laneLabel: string, laneValue: string) {
  const gm = await page.context().browser()!.newContext();
  const gmPage = await gm.newPage();
  await signIn(gmPage, "gm", `/vbus/${vbuId}`);
  await expect(gmPage.getByText(`Lane: ${laneLabel}`)).toBeVisible();
  await expect(gmPage.getByLabel("Lifecycle lane")).toHaveValue(laneValue);
  await gm.close();
}

test("an admin moves a VBU to another lane with the keyboard, and the GM's canvas shows it", async ({ page }) => {
  const vbu = await createVbu(DEMO.gm.email);
  await signIn(page, "admin", `/board?q=${encodeURIComponent(vbu.name)}`);
  const open = cardIn(page, "Build", vbu.name).getByRole("button", { name: `Move to another lane (${vbu.name})` });
  await open.focus();
  await page.keyboard.press("Enter");
  await expect(open).toHaveAttribute("aria-expanded", "true");
  const select = page.getByLabel(`Move to lane (${vbu.name})`);
  await expect(select).toBeFocused();
  // Escape closes the form and gives the focus back to its button; so does Cancel.
  await page.keyboard.press("Escape");
  await expect(select).toHaveCount(0);
  await expect(open).toBeFocused();
  await expect(open).toHaveAttribute("aria-expanded", "false");
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(select).toHaveCount(0);
  await expect(open).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(select).toBeFocused();
  await select.selectOption("milk");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: `Move ${vbu.name}`, exact: true })).toBeFocused();
  await page.keyboard.press("Enter");

  await expect(page.getByRole("status").filter({ hasText: `${vbu.name} moved to Milk.` })).toBeVisible();
  await expect(cardIn(page, "Milk", vbu.name)).toBeVisible();
  await expect(cardIn(page, "Build", vbu.name)).toHaveCount(0);
  // The focus comes back to the card, in its new lane.
  await expect(
    cardIn(page, "Milk", vbu.name).getByRole("button", { name: `Move to another lane (${vbu.name})` }),
  ).toBeFocused();

  await page.reload();
  await expect(cardIn(page, "Milk", vbu.name)).toBeVisible();
  await gmSeesLane(page, vbu.id, "Milk", "milk");
});

test("an admin drags a VBU to another lane, and the GM's canvas shows it", async ({ page }) => {
  const vbu = await createVbu(DEMO.gm.email);
  // Both lanes must be on screen: Playwright scrolls to the target before it drops.
  await page.setViewportSize({ width: 1600, height: 1200 });
  await signIn(page, "admin", `/board?q=${encodeURIComponent(vbu.name)}`);
  await cardIn(page, "Build", vbu.name).dragTo(lane(page, "Reframe"));

  await expect(page.getByRole("status").filter({ hasText: `${vbu.name} moved to Reframe.` })).toBeVisible();
  await expect(cardIn(page, "Reframe", vbu.name)).toBeVisible();
  await expect(cardIn(page, "Build", vbu.name)).toHaveCount(0);
  await gmSeesLane(page, vbu.id, "Reframe", "reframe");
});

test("a move from a board read before the canvas changed is refused, and the board catches up", async ({ page }) => {
  const vbu = await createVbu(DEMO.gm.email);
  await signIn(page, "admin", `/board?q=${encodeURIComponent(vbu.name)}`);
  await expect(cardIn(page, "Build", vbu.name)).toBeVisible();

  // Meanwhile the GM moves it to Sell in the canvas form.
  const gm = await page.context().browser()!.newContext();
  const gmPage = await gm.newPage();
  await signIn(gmPage, "gm", `/vbus/${vbu.id}`);
  await gmPage.getByLabel("Lifecycle lane").selectOption("sell");
  await gmPage.getByRole("button", { name: "Save canvas" }).click();
  await expect(gmPage.getByRole("status").filter({ hasText: "Canvas saved." })).toBeVisible();
  await gm.close();

  await cardIn(page, "Build", vbu.name)
    .getByRole("button", { name: /^Move to another lane/ })
    .click();
  await page.getByLabel(`Move to lane (${vbu.name})`).selectOption("milk");
  await page.getByRole("button", { name: `Move ${vbu.name}`, exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Someone changed this canvas" })).toBeVisible();
  // The board refreshes to what is saved now: the GM's lane, not the admin's.
  await expect(cardIn(page, "Sell", vbu.name)).toBeVisible();
  await expect(cardIn(page, "Milk", vbu.name)).toHaveCount(0);
  // The form's card moved lanes under it: the form closes and its card's button has the focus.
  await expect(page.getByLabel(`Move to lane (${vbu.name})`)).toHaveCount(0);
  await expect(
    cardIn(page, "Sell", vbu.name).getByRole("button", { name: `Move to another lane (${vbu.name})` }),
  ).toBeFocused();
});

test("a card moved into a lane showing only its first cards leaves the focus on that lane's Show all", async ({
  page,
}) => {
  const prefix = `Test VBU full ${randomUUID().slice(0, 8)}`;
  for (let n = 1; n <= 8; n++) await createVbu(DEMO.gm.email, `${prefix} ${n}`, "milk");
  const vbu = await createVbu(DEMO.gm.email, `${prefix} z`); // after the eight by name
  await signIn(page, "admin", `/board?q=${encodeURIComponent(prefix)}`);
  await cardIn(page, "Build", vbu.name)
    .getByRole("button", { name: `Move to another lane (${vbu.name})` })
    .click();
  await page.getByLabel(`Move to lane (${vbu.name})`).selectOption("milk");
  await page.getByRole("button", { name: `Move ${vbu.name}`, exact: true }).click();

  await expect(page.getByRole("status").filter({ hasText: `${vbu.name} moved to Milk.` })).toBeVisible();
  await expect(cardIn(page, "Build", vbu.name)).toHaveCount(0);
  const showAll = lane(page, "Milk").getByRole("link", { name: "Show all 9 in Milk" });
  await expect(showAll).toBeFocused();
  await showAll.click();
  await expect(cardIn(page, "Milk", vbu.name)).toBeVisible();
});

test("opening another card's form while a move is on its way keeps the focus there", async ({ page }) => {
  const prefix = `Test VBU pair ${randomUUID().slice(0, 8)}`;
  const [first, second] = [
    await createVbu(DEMO.gm.email, `${prefix} a`),
    await createVbu(DEMO.gm.email, `${prefix} b`),
  ];
  await signIn(page, "admin", `/board?q=${encodeURIComponent(prefix)}`);
  // The move's request waits until the second form is open (no timing guess).
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    (url) => url.pathname === "/board",
    async (route) => {
      if (route.request().method() === "POST") await held;
      await route.continue();
    },
  );
  await cardIn(page, "Build", first.name)
    .getByRole("button", { name: `Move to another lane (${first.name})` })
    .click();
  await page.getByLabel(`Move to lane (${first.name})`).selectOption("sell");
  await page.getByRole("button", { name: `Move ${first.name}`, exact: true }).click();

  await cardIn(page, "Build", second.name)
    .getByRole("button", { name: `Move to another lane (${second.name})` })
    .click();
  const secondSelect = page.getByLabel(`Move to lane (${second.name})`);
  await expect(secondSelect).toBeFocused();
  release();

  await expect(page.getByRole("status").filter({ hasText: `${first.name} moved to Sell.` })).toBeVisible();
  await expect(cardIn(page, "Sell", first.name)).toBeVisible();
  await expect(secondSelect).toBeFocused();
});

test("a GM reads the board without lane controls (they change the lane in their canvas)", async ({ page }) => {
  // Their own VBU, searched for: the card is there whatever other tests added to the board.
  const vbu = await createVbu(DEMO.gm.email);
  await signIn(page, "gm", `/board?q=${encodeURIComponent(vbu.name)}`);
  await expect(cardIn(page, "Build", vbu.name)).toBeVisible();
  await expect(page.getByRole("button", { name: /Move/ })).toHaveCount(0);
  await expect(page.locator("[draggable=true]")).toHaveCount(0);
});

test("the lane controls are disabled until the board's scripts run, so no press is lost", async ({ page }) => {
  const vbu = await createVbu(DEMO.gm.email);
  await signIn(page, "admin");
  const release = await holdScripts(page);
  await page.goto(`/board?q=${encodeURIComponent(vbu.name)}`, { waitUntil: "commit" });
  const open = cardIn(page, "Build", vbu.name).getByRole("button", { name: `Move to another lane (${vbu.name})` });
  await expect(open).toBeDisabled();
  // Reading is not held back: the card's link to the canvas works before then.
  await expect(cardIn(page, "Build", vbu.name).getByRole("link", { name: vbu.name, exact: true })).toHaveAttribute(
    "href",
    `/vbus/${vbu.id}`,
  );

  release();
  await expect(open).toBeEnabled();
  await open.click();
  await expect(page.getByLabel(`Move to lane (${vbu.name})`)).toBeFocused();
});
