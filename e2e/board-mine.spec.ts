import { randomUUID } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { createVbu } from "./fixtures";
import { DEMO, signIn } from "./support";

// A GM finds their work on the board: their VBUs come first in each lane, marked, even in a lane
// crowded past its first 8 cards, and "Only my VBUs" keeps only theirs, in the URL. Admins and
// viewers see the board as before. Each test searches for VBUs of its own.

/** Another demo GM, whose VBUs crowd the lane. */
const OTHER_GM = "ben.okafor@canvas.example";

async function crowdedSellLane() {
  const tag = randomUUID().slice(0, 8);
  for (let n = 1; n <= 9; n++) await createVbu(OTHER_GM, `Alpha ${tag} ${String(n).padStart(2, "0")}`, "sell");
  const zulu = await createVbu(DEMO.gm.email, `Zulu ${tag}`, "sell");
  return { tag, zulu };
}

const sellLane = (page: Page) => page.getByRole("region", { name: /^Sell/ });

test("a GM sees their own VBU first in a crowded lane, and Only my VBUs keeps only theirs", async ({ page }) => {
  const { tag, zulu } = await crowdedSellLane();
  await signIn(page, "gm", `/board?q=${tag}`);
  const cards = sellLane(page).getByRole("listitem");
  await expect(cards).toHaveCount(8);
  await expect(cards.first().getByRole("link", { name: zulu.name, exact: true })).toBeVisible();
  await expect(cards.first()).toContainText("Yours");
  await expect(sellLane(page)).toContainText("Showing the first 8 of 10, yours first.");
  await expect(page.getByText("Your VBUs come first in each lane")).toBeVisible();

  await page.getByRole("checkbox", { name: "Only my VBUs" }).check();
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`/board\\?q=${tag}&mine=1$`));
  await expect(page.getByRole("checkbox", { name: "Only my VBUs" })).toBeChecked();
  await expect(cards).toHaveCount(1);
  await expect(cards.first().getByRole("link", { name: zulu.name, exact: true })).toBeVisible();
  await expect(page.getByText("1 VBU matches these filters.")).toBeVisible();
});

for (const who of ["admin", "viewer"] as const) {
  test(`an ${who} sees the crowded lane by name, with no My VBUs filter offered`, async ({ page }) => {
    const { tag, zulu } = await crowdedSellLane();
    await signIn(page, who, `/board?q=${tag}`);
    const cards = sellLane(page).getByRole("listitem");
    await expect(cards).toHaveCount(8);
    await expect(cards.first().getByRole("link", { name: `Alpha ${tag} 01`, exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: zulu.name, exact: true })).toHaveCount(0);
    await expect(sellLane(page)).toContainText("Showing the first 8 of 10.");
    await expect(page.getByRole("checkbox", { name: "Only my VBUs" })).toHaveCount(0);
    await expect(page.getByText("Yours", { exact: true })).toHaveCount(0);
  });
}
