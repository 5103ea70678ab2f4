import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { signIn } from "./support";

// The board's "Export…" link carries its filters to the export page, which says them in words;
// the CSV downloads (Playwright's download event) with a BOM, its header and the filtered rows.

test("a viewer exports the proof points of the board's search as CSV", async ({ page }) => {
  test.slow(); // a board, a page and a download: three server renders on a shared machine
  await signIn(page, "viewer", "/board?q=Harbor");
  await page.getByRole("link", { name: "Export…" }).click();
  await expect(page).toHaveURL(/\/export\?q=Harbor$/);
  await expect(page.getByRole("heading", { level: 1, name: "Export" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Filters" })).toContainText("VBU or product name contains “Harbor”");
  await expect(page.getByRole("link", { name: "Portfolio pack (PDF)" })).toHaveAttribute(
    "href",
    "/export/portfolio.pdf?q=Harbor",
  );

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Proof points (CSV)" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^proof-points-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = await readFile(await download.path(), "utf8");
  expect(text.startsWith("\uFEFF")).toBe(true);
  const lines = text.slice(1).split("\r\n");
  expect(lines[0]).toBe(
    "VBU,Lane,GM,Thesis,Thesis text,Proof point,Status,Target review month,Overdue for review,Evidence files,Last changed at (UTC),Last changed by",
  );
  // Other specs may add VBUs: the demo's Harbor Logistics is there, and no VBU the search misses.
  const rows = lines.slice(1).filter(Boolean);
  expect(rows.filter((line) => /^Harbor Logistics,[A-Z][a-z]+,Ana Silva,[1-5],/.test(line)).length).toBeGreaterThan(1);
  expect(rows.some((line) => line.startsWith("Ledgerlight,"))).toBe(false);
});
