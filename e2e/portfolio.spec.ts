import { expect, test } from "@playwright/test";
import { signIn } from "./support";

test("the portfolio page lists the seeded VBUs in their lanes @smoke", async ({ page }) => {
  await signIn(page, "viewer");
  await expect(page.getByRole("heading", { level: 1, name: "Portfolio" })).toBeVisible();

  const lane = (name: string) => page.getByRole("region", { name: new RegExp(`^${name}`) });
  const expected: Record<string, string[]> = {
    Build: ["Fieldnote", "Harbor Logistics", "Ledgerlight"],
    Sell: ["Brightpath Learning", "Clearwater Utilities", "Northwind Retail Analytics", "Pillar HR"],
    Milk: ["Archive Pro", "Greenleaf Payroll", "Signal Telecom Billing"],
    Reframe: ["Beacon Security", "Mosaic Media"],
  };
  for (const [name, vbus] of Object.entries(expected)) {
    for (const vbu of vbus) {
      await expect(lane(name).getByText(vbu, { exact: true })).toBeVisible();
    }
  }
  await expect(lane("Build").getByText("GM: Ana Silva")).toBeVisible();
});
