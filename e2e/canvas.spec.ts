import { expect, type Page, test } from "@playwright/test";
import { createProofPoint, createVbu } from "./fixtures";
import { DEMO, holdScripts, signIn } from "./support";

const theses = (page: Page) => page.getByRole("list", { name: "Theses" }).getByRole("heading", { level: 3 });

async function addThesis(page: Page, text: string) {
  const form = page.getByRole("form", { name: "Add a thesis" });
  await form.getByRole("textbox").fill(text);
  await form.getByRole("button", { name: "Add thesis" }).click();
  await expect(theses(page).last()).toHaveText(new RegExp(`: ${text}$`));
}

test("a GM fills in every field, adds and reorders five theses, adds proof points in each status, sets currently testing, and it all survives a reload", async ({
  page,
}) => {
  test.slow(); // a long journey
  const vbu = await createVbu(DEMO.gm.email);
  await signIn(page, "gm", `/vbus/${vbu.id}`);
  await expect(page.getByRole("heading", { level: 1, name: vbu.name })).toBeVisible();

  const fields: Record<string, string> = {
    "Product name": "Orbit Scheduler",
    "Primary focus": "Win the first three regional airports",
    "Success description": "Three airports schedule every gate through Orbit.",
    "Future state intent": "The default gate planner for regional airports.",
    "Resist doing": "Custom work for one airline.",
    "Good discipline": "Weekly demo to a real gate planner.",
    "Primary constraint": "One integration engineer.",
  };
  // A field-level error first: 256 characters in a varchar(255) field.
  await page.getByLabel("Product name").fill("x".repeat(256));
  await page.getByRole("button", { name: "Save canvas" }).click();
  await expect(page.getByText("Keep it to 255 characters or fewer.")).toBeVisible();

  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByLabel("Lifecycle lane").selectOption("sell");
  await page.getByRole("button", { name: "Save canvas" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Canvas saved." })).toBeVisible();

  // Blank-only text is refused at the field.
  await page.getByRole("form", { name: "Add a thesis" }).getByRole("textbox").fill("   ");
  await page.getByRole("button", { name: "Add thesis" }).click();
  await expect(page.getByText("Enter the thesis.")).toBeVisible();

  for (const n of [1, 2, 3, 4, 5]) await addThesis(page, `Thesis text ${n}`);
  await expect(page.getByText("This canvas has 5 theses, the most it can hold.")).toBeVisible();
  await expect(page.getByRole("form", { name: "Add a thesis" })).toHaveCount(0);

  // Keyboard: focus "move down" on thesis 1 and press Enter.
  await page.getByRole("button", { name: "Move down: thesis 1" }).focus();
  await page.keyboard.press("Enter");
  await expect(theses(page)).toHaveText([
    "Thesis 1: Thesis text 2",
    "Thesis 2: Thesis text 1",
    "Thesis 3: Thesis text 3",
    "Thesis 4: Thesis text 4",
    "Thesis 5: Thesis text 5",
  ]);
  await page.getByRole("button", { name: "Move up: thesis 5" }).click();
  await expect(theses(page).nth(3)).toHaveText("Thesis 4: Thesis text 5");

  // Drag and drop: the last thesis onto the first. Both must be on screen: Playwright starts
  // the drag after scrolling to the target, which would otherwise pick up the wrong item.
  await page.setViewportSize({ width: 1280, height: 1600 });
  const items = page
    .getByRole("list", { name: "Theses" })
    .getByRole("listitem")
    .filter({ has: page.getByRole("heading", { level: 3 }) });
  await items
    .filter({ hasText: "Thesis 5: Thesis text 4" })
    .dragTo(items.filter({ hasText: "Thesis 1: Thesis text 2" }));
  await expect(theses(page)).toHaveText([
    "Thesis 1: Thesis text 4",
    "Thesis 2: Thesis text 2",
    "Thesis 3: Thesis text 1",
    "Thesis 4: Thesis text 3",
    "Thesis 5: Thesis text 5",
  ]);

  // Proof points in every status under thesis 1.
  const statuses = [
    ["not_started", "Not started", "2027-01"],
    ["in_progress", "In progress", "2027-02"],
    ["observed", "Observed", "2026-09"],
    ["stalled", "Stalled", ""],
  ] as const;
  for (const [value, label, month] of statuses) {
    await page.getByRole("button", { name: "Add a proof point to thesis 1" }).click();
    const form = page.getByRole("form", { name: "Add a proof point to thesis 1" });
    await form.getByLabel("Proof point").fill(`Proof ${label}`);
    await form.getByLabel("Status").selectOption(value);
    if (month) await form.getByLabel("Target review month").fill(month);
    await form.getByLabel("Evidence note").fill(`Evidence for ${label}`);
    await form.getByRole("button", { name: "Add proof point" }).click();
    await expect(page.getByRole("button", { name: `Edit proof point: Proof ${label}` })).toBeVisible();
  }

  await page
    .getByLabel("Choose what this canvas is testing now")
    .selectOption({ label: "Proof point: Proof In progress" });
  await page.getByRole("button", { name: "Set currently testing" }).click();
  const testing = page.getByRole("region", { name: "Currently testing" });
  await expect(testing).toContainText("Proof point of thesis 1: Proof In progress");

  await page.reload();
  for (const [label, value] of Object.entries(fields))
    await expect(page.getByLabel(label, { exact: true })).toHaveValue(value);
  await expect(page.getByLabel("Lifecycle lane")).toHaveValue("sell");
  await expect(theses(page)).toHaveText([
    "Thesis 1: Thesis text 4",
    "Thesis 2: Thesis text 2",
    "Thesis 3: Thesis text 1",
    "Thesis 4: Thesis text 3",
    "Thesis 5: Thesis text 5",
  ]);
  const firstThesis = page.getByRole("listitem", { name: "Thesis 1" });
  for (const [, label] of statuses) {
    await expect(firstThesis.getByText(label, { exact: true })).toBeVisible();
    await expect(firstThesis.getByText(`Evidence for ${label}`)).toBeVisible();
  }
  await expect(firstThesis.getByText("Review in February 2027")).toBeVisible();
  await expect(testing).toContainText("Proof point of thesis 1: Proof In progress");

  // The board shows what it is testing, in its new lane.
  // Searched by name: an unfiltered lane shows only its first cards.
  await page.goto(`/board?q=${encodeURIComponent(vbu.name)}`);
  const card = page.getByRole("region", { name: /^Sell/ }).getByRole("listitem").filter({ hasText: vbu.name });
  await expect(card).toContainText("Testing: Proof In progress");
});

test("a second window saving an older version gets the conflict, with its own input kept", async ({ browser }) => {
  const vbu = await createVbu(DEMO.gm.email);
  const first = await (await browser.newContext()).newPage();
  const second = await (await browser.newContext()).newPage();
  await signIn(first, "gm", `/vbus/${vbu.id}`);
  await signIn(second, "admin", `/vbus/${vbu.id}`);

  await first.getByLabel("Primary focus").fill("Focus from the first window");
  await first.getByRole("button", { name: "Save canvas" }).click();
  await expect(first.getByRole("status").filter({ hasText: "Canvas saved." })).toBeVisible();

  await second.getByLabel("Primary focus").fill("Focus from the second window");
  await second.getByLabel("Primary constraint").fill("A constraint only the second window wrote");
  await second.getByRole("button", { name: "Save canvas" }).click();
  await expect(second.getByRole("alert").filter({ hasText: "Someone else changed this canvas" })).toBeVisible();
  const changes = second.getByRole("region", { name: "Changes by someone else" });
  await expect(changes).toContainText("Ana Silva saved this canvas");
  await expect(changes).toContainText("Primary focus: now “Focus from the first window”");
  await expect(second.getByLabel("Primary focus")).toHaveValue("Focus from the second window");

  await changes.getByRole("button", { name: "Keep my changes on top of theirs" }).click();
  await second.getByRole("button", { name: "Save canvas" }).click();
  await expect(second.getByRole("status").filter({ hasText: "Canvas saved." })).toBeVisible();

  await first.reload();
  await expect(first.getByLabel("Primary focus")).toHaveValue("Focus from the second window");
  await expect(first.getByLabel("Primary constraint")).toHaveValue("A constraint only the second window wrote");
});

test("deleting a proof point or a thesis asks first, says what goes, and Cancel keeps it", async ({ page }) => {
  const vbu = await createVbu(DEMO.gm.email);
  const { description } = await createProofPoint(vbu.id, "Three renewals signed");
  await signIn(page, "gm", `/vbus/${vbu.id}`);
  const thesis = page.getByRole("listitem", { name: "Thesis 1" });
  const point = thesis
    .getByRole("list", { name: "Proof points" })
    .getByRole("listitem")
    .filter({ hasText: description });

  const deletePoint = point.getByRole("button", { name: `Delete proof point: ${description}` });
  await deletePoint.click();
  await expect(point.getByText("Delete this proof point?")).toBeVisible();
  await expect(point.getByRole("button", { name: "Yes, delete" })).toBeFocused();
  await expect(point.getByRole("button", { name: "Yes, delete" })).toHaveAccessibleDescription(
    "Delete this proof point?",
  );
  await point.getByRole("button", { name: "Cancel" }).click();
  await expect(deletePoint).toBeFocused();
  await page.reload();
  await expect(point).toBeVisible();

  await deletePoint.click();
  await point.getByRole("button", { name: "Yes, delete" }).click();
  await expect(point).toHaveCount(0);
  await expect(thesis.getByText("No proof points yet.")).toBeVisible();

  await page.getByRole("form", { name: "Add a thesis" }).getByRole("textbox").fill("A second thesis");
  await page.getByRole("button", { name: "Add thesis" }).click();
  await expect(theses(page)).toHaveText([
    "Thesis 1: Customers pay for evidence they can show",
    "Thesis 2: A second thesis",
  ]);
  await page.getByRole("button", { name: "Delete thesis 1" }).click();
  await expect(thesis.getByText("Delete thesis 1?")).toBeVisible();
  await thesis.getByRole("button", { name: "Yes, delete" }).click();
  await expect(theses(page)).toHaveText(["Thesis 1: A second thesis"]);
  await page.reload();
  await expect(theses(page)).toHaveText(["Thesis 1: A second thesis"]);
  await expect(page.getByText(/Last changed by Ana Silva on/)).toBeVisible();
});

test("closing an inline form puts the keyboard back on the button that opened it", async ({ page }) => {
  const vbu = await createVbu(DEMO.gm.email);
  const { description } = await createProofPoint(vbu.id, "Two renewals signed");
  await signIn(page, "gm", `/vbus/${vbu.id}`);

  const editThesis = page.getByRole("button", { name: "Edit thesis 1" });
  await editThesis.click();
  await page.getByRole("textbox", { name: "Thesis 1" }).fill("Customers pay for evidence they can show, quickly");
  await page.getByRole("button", { name: "Save thesis" }).click();
  await expect(theses(page)).toHaveText(["Thesis 1: Customers pay for evidence they can show, quickly"]);
  await expect(editThesis).toBeFocused();

  const editPoint = page.getByRole("button", { name: `Edit proof point: ${description}` });
  await editPoint.click();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(editPoint).toBeFocused();

  const addPoint = page.getByRole("button", { name: "Add a proof point to thesis 1" });
  await addPoint.click();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(addPoint).toBeFocused();
});

test("the editor's buttons are disabled until the page's scripts run, so no press is lost", async ({ page }) => {
  const vbu = await createVbu(DEMO.gm.email);
  const { description } = await createProofPoint(vbu.id);
  await signIn(page, "gm", "/");
  const release = await holdScripts(page);
  await page.goto(`/vbus/${vbu.id}`, { waitUntil: "commit" });
  const edit = page.getByRole("button", { name: `Edit proof point: ${description}` });
  const remove = page.getByRole("button", { name: `Delete proof point: ${description}` });
  const addEvidence = page.getByRole("button", { name: `Add evidence to proof point: ${description}` });
  for (const button of [edit, remove, addEvidence]) await expect(button).toBeDisabled();

  release();
  for (const button of [edit, remove, addEvidence]) await expect(button).toBeEnabled();
  await edit.click();
  await expect(page.getByRole("button", { name: "Save proof point" })).toBeVisible();
});

test("leaving with unsaved changes asks first", async ({ page }) => {
  const vbu = await createVbu(DEMO.gm.email);
  await signIn(page, "gm", `/vbus/${vbu.id}`);
  await page.getByLabel("Primary focus").fill("Not saved yet");
  page.once("dialog", (dialog) => dialog.dismiss());
  await page.getByRole("link", { name: "Board" }).click();
  await expect(page.getByLabel("Primary focus")).toHaveValue("Not saved yet");
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("link", { name: "Board" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Board" })).toBeVisible();
});

for (const who of ["viewer", "gm"] as const) {
  test(`a ${who === "gm" ? "GM of another VBU" : "viewer"} reads the canvas with no edit controls`, async ({
    page,
  }) => {
    await signIn(page, who);
    // Fieldnote is Ben's: Ana (the demo GM here) only reads it.
    await page.getByRole("link", { name: "Fieldnote" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Fieldnote" })).toBeVisible();
    await expect(page.getByText("Fieldnote Inspections")).toBeVisible();
    await expect(page.getByRole("listitem", { name: "Thesis 1" })).toBeVisible();
    await expect(page.getByRole("textbox")).toHaveCount(0);
    await expect(page.getByRole("combobox")).toHaveCount(0);
    await expect(page.getByRole("button", { name: /Save|Add|Delete|Edit|Move|Set currently/ })).toHaveCount(0);
  });
}
