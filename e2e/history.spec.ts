import { expect, test } from "@playwright/test";
import { createProofPoint, createVbu } from "./fixtures";
import { DEMO, signIn } from "./support";

// The change history (issue 15): what a GM changes on the canvas, a viewer reads as sentences,
// in the canvas page's History section and on the shareable history page, with the status
// change in words and the edited text's words marked.

test("a GM's edits read as sentences with their diffs, for a viewer, on the canvas and the history page", async ({
  browser,
}) => {
  const vbu = await createVbu(DEMO.gm.email);
  const { description } = await createProofPoint(vbu.id, "Pilot signs", { status: "in_progress" });

  const gmContext = await browser.newContext();
  const gm = await gmContext.newPage();
  await signIn(gm, "gm", `/vbus/${vbu.id}`);
  await gm.getByLabel("Primary focus").fill("Win the first three regional airports");
  await gm.getByRole("button", { name: "Save canvas" }).click();
  await expect(gm.getByRole("status").filter({ hasText: "Canvas saved." })).toBeVisible();
  await gm.getByLabel("Primary focus").fill("Win the first five regional airports");
  await gm.getByRole("button", { name: "Save canvas" }).click();
  await expect(gm.getByRole("status").filter({ hasText: "Canvas saved." })).toBeVisible();
  await gm.getByRole("button", { name: `Edit proof point: ${description}` }).click();
  const form = gm.getByRole("form", { name: "Edit proof point" });
  await form.getByLabel("Status").selectOption("observed");
  await form.getByRole("button", { name: "Save proof point" }).click();
  await expect(form).toHaveCount(0);
  await gmContext.close();

  const viewerContext = await browser.newContext();
  const page = await viewerContext.newPage();
  await signIn(page, "viewer", `/vbus/${vbu.id}`);
  const section = page.getByRole("region", { name: "History" });
  const latest = section.getByRole("list", { name: "Latest changes" }).locator("> li");
  await expect(latest.first()).toContainText(`${DEMO.gm.name} changed proof point “Pilot signs”`);
  await expect(latest.first()).toContainText("Status: In progress → Observed");
  await expect(latest.nth(1)).toContainText(`${DEMO.gm.name} changed Primary focus`);
  await expect(latest.nth(1).getByRole("deletion")).toHaveText("removed: three");
  await expect(latest.nth(1).getByRole("insertion")).toHaveText("added: five");

  await section.getByRole("link", { name: "Full history" }).click();
  await expect(page).toHaveURL(`/vbus/${vbu.id}/history`);
  await expect(page.getByRole("heading", { level: 1, name: `${vbu.name}: change history` })).toBeVisible();
  await expect(page.getByText("Status: In progress → Observed")).toBeVisible();
  const focus = page
    .getByRole("listitem")
    .filter({ hasText: `${DEMO.gm.name} changed Primary focus` })
    .first();
  await expect(focus.getByRole("insertion")).toHaveText("added: five");

  // Filtered by the proof point (a URL to share): its entries and its status history.
  await page.getByLabel("Proof point").selectOption({ label: "Pilot signs (thesis 1)" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]point=/);
  await expect(page.getByRole("heading", { name: "Status history: Pilot signs (thesis 1)" })).toBeVisible();
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows.nth(1).getByRole("rowheader")).toHaveText("In progress");
  await expect(rows.nth(2).getByRole("rowheader")).toHaveText("Observed");
  await expect(page.getByText(`${DEMO.gm.name} changed Primary focus`)).toHaveCount(0);
  await viewerContext.close();
});
