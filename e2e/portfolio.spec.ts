import { expect, test } from "@playwright/test";

test("the portfolio page lists the seeded VBUs in their lanes @smoke", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Portfolio" })).toBeVisible();

  const lane = (name: string) => page.getByRole("region", { name: new RegExp(`^${name}`) });
  const expected: Record<string, string[]> = {
    Build: ["Fieldnote", "Harbor Logistics", "Ledgerlight"],
    Sell: ["Brightpath Learning", "Clearwater Utilities", "Northwind Retail Analytics", "Pillar HR"],
    Milk: ["Archive Pro", "Greenleaf Payroll", "Signal Telecom Billing"],
    Reframe: ["Beacon Security", "Mosaic Media"],
  };
  for (const [name, vbus] of Object.entries(expected)) {
    const items = lane(name).getByRole("listitem");
    await expect(items).toHaveCount(vbus.length);
    for (const [i, vbu] of vbus.entries()) {
      await expect(items.nth(i).getByText(vbu, { exact: true })).toBeVisible();
    }
  }
  await expect(lane("Build").getByText("GM: Ana Silva")).toBeVisible();
});
