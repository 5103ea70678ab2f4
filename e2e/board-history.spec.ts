import { expect, test } from "@playwright/test";
import { signIn } from "./support";

// What the change history adds to the board, on the demo's year of history: each card says since
// when it is in its lane, and the cards nobody has touched for 60 days are flagged and filtered.

test("a viewer sees time in lane on each card, and filters the board to the stale VBUs", async ({ page }) => {
  await signIn(page, "viewer", "/board?lane=sell");
  const brightpath = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("link", { name: "Brightpath Learning", exact: true }) });
  await expect(brightpath).toContainText(/In Sell since \w+ \d{4}/);

  await page.getByRole("checkbox", { name: "Only stale VBUs" }).check();
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]stale=1/);
  for (const name of ["Signal Telecom Billing", "Mosaic Media"]) {
    const card = page.getByRole("listitem").filter({ has: page.getByRole("link", { name, exact: true }) });
    await expect(card).toContainText(/Stale: no change since \d+ \w+ \d{4}/);
  }
  await expect(page.getByRole("link", { name: "Harbor Logistics", exact: true })).toHaveCount(0);
});
