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
  // The moves are saved before the drag: the saved order's arrival re-renders the list, and an
  // HTML drag the browser is making just then can be dropped by it.
  await expect(page.getByRole("list", { name: "Theses" })).not.toHaveAttribute("aria-busy", "true");

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
    // Found by search: other specs add VBUs (some named after Fieldnote), and a GM's own come first.
    await signIn(page, who, "/board?q=Fieldnote");
    // Fieldnote is Ben's: Ana (the demo GM here) only reads it.
    await page.getByRole("link", { name: "Fieldnote", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Fieldnote" })).toBeVisible();
    await expect(page.getByText("Fieldnote Inspections")).toBeVisible();
    await expect(page.getByRole("listitem", { name: "Thesis 1" })).toBeVisible();
    await expect(page.getByRole("textbox")).toHaveCount(0);
    await expect(page.getByRole("combobox")).toHaveCount(0);
    await expect(page.getByRole("button", { name: /Save|Add|Delete|Edit|Move|Set currently/ })).toHaveCount(0);
  });
}

/** Conflicts: what the panel offers, per field both people changed. */
const bothChanged = (page: Page, label: string) =>
  page
    .getByRole("region", { name: "Changes saved meanwhile" })
    .getByRole("list", { name: "Changed by both" })
    .getByRole("listitem")
    .filter({ hasText: label });

test("the same GM in two windows: the conflict says it was them, shows both values, and Take theirs settles it", async ({
  browser,
}) => {
  const vbu = await createVbu(DEMO.gm.email);
  const context = await browser.newContext();
  const first = await context.newPage();
  await signIn(first, "gm", `/vbus/${vbu.id}`);
  const second = await context.newPage();
  await second.goto(`/vbus/${vbu.id}`);

  await first.getByLabel("Primary focus").fill("Focus from the first window");
  await first.getByLabel("Good discipline").fill("Discipline only the first window wrote");
  await first.getByRole("button", { name: "Save canvas" }).click();
  await expect(first.getByRole("status").filter({ hasText: "Canvas saved." })).toBeFocused();

  await second.getByLabel("Primary focus").fill("Focus from the second window");
  await second.getByLabel("Resist doing").fill("Resisting, from the second window");
  await second.getByRole("button", { name: "Save canvas" }).click();
  const panel = second.getByRole("region", { name: "Changes saved meanwhile" });
  await expect(panel.getByRole("heading", { name: /^You saved this in another window at .*\d\d:\d\d/ })).toBeFocused();
  await expect(panel).not.toContainText("Ana Silva");

  // Only the other window changed it: taken, and said so.
  await expect(second.getByLabel("Good discipline")).toHaveValue("Discipline only the first window wrote");
  await expect(panel.getByRole("list", { name: "Taken from the other save" })).toContainText("Good discipline");
  // Only this window changed it: kept.
  await expect(second.getByLabel("Resist doing")).toHaveValue("Resisting, from the second window");
  // Both changed it: both values side by side, and a choice to make before saving.
  const focus = bothChanged(second, "Primary focus");
  await expect(focus.getByRole("definition")).toHaveText([
    "Focus from the second window",
    "Focus from the first window",
  ]);
  await expect(second.getByRole("button", { name: "Save canvas" })).toBeDisabled();
  await focus.getByRole("button", { name: "Take theirs" }).click();
  await expect(focus.getByRole("button", { name: "Take theirs" })).toHaveAttribute("aria-pressed", "true");
  await expect(second.getByLabel("Primary focus")).toHaveValue("Focus from the first window");

  await second.getByRole("button", { name: "Save canvas" }).click();
  await expect(second.getByRole("status").filter({ hasText: "Canvas saved." })).toBeFocused();
  await expect(panel).toHaveCount(0);

  await first.reload();
  await expect(first.getByLabel("Primary focus")).toHaveValue("Focus from the first window");
  await expect(first.getByLabel("Good discipline")).toHaveValue("Discipline only the first window wrote");
  await expect(first.getByLabel("Resist doing")).toHaveValue("Resisting, from the second window");
});

test("an admin saving over a GM's save is told who saved, and Keep mine keeps theirs out of that field", async ({
  browser,
}) => {
  const vbu = await createVbu(DEMO.gm.email);
  const first = await (await browser.newContext()).newPage();
  const second = await (await browser.newContext()).newPage();
  await signIn(first, "gm", `/vbus/${vbu.id}`);
  await signIn(second, "admin", `/vbus/${vbu.id}`);

  await first.getByLabel("Primary focus").fill("Focus from the GM");
  await first.getByLabel("Product name").fill("Orbit");
  await first.getByRole("button", { name: "Save canvas" }).click();
  await expect(first.getByRole("status").filter({ hasText: "Canvas saved." })).toBeVisible();

  await second.getByLabel("Primary focus").fill("Focus from the admin");
  await second.getByLabel("Product name").fill("Orbit");
  await second.getByLabel("Primary constraint").fill("A constraint only the admin wrote");
  await second.getByRole("button", { name: "Save canvas" }).click();
  await expect(second.getByRole("alert").filter({ hasText: "Someone else changed this canvas" })).toBeVisible();
  const panel = second.getByRole("region", { name: "Changes saved meanwhile" });
  await expect(panel.getByRole("heading", { name: /^Ana Silva saved this canvas at / })).toBeFocused();
  // Both wrote the same product name: nothing to choose there.
  await expect(bothChanged(second, "Product name")).toHaveCount(0);
  const focus = bothChanged(second, "Primary focus");
  await expect(focus.getByRole("definition")).toHaveText(["Focus from the admin", "Focus from the GM"]);
  await focus.getByRole("button", { name: "Take theirs" }).click();
  await expect(second.getByLabel("Primary focus")).toHaveValue("Focus from the GM");
  await focus.getByRole("button", { name: "Keep mine" }).click();
  await expect(focus.getByRole("button", { name: "Keep mine" })).toHaveAttribute("aria-pressed", "true");
  await expect(second.getByLabel("Primary focus")).toHaveValue("Focus from the admin");

  await second.getByRole("button", { name: "Save canvas" }).click();
  await expect(second.getByRole("status").filter({ hasText: "Canvas saved." })).toBeFocused();

  await first.reload();
  await expect(first.getByLabel("Primary focus")).toHaveValue("Focus from the admin");
  await expect(first.getByLabel("Product name")).toHaveValue("Orbit");
  await expect(first.getByLabel("Primary constraint")).toHaveValue("A constraint only the admin wrote");
});

test("the canvas reads correctly before its scripts run, and Save waits for them", async ({ page }) => {
  const vbu = await createVbu(DEMO.gm.email, undefined, "sell");
  await signIn(page, "gm", `/vbus/${vbu.id}`);
  await page.getByLabel("Product name").fill("Orbit Scheduler");
  await page.getByLabel("Good discipline").fill("Weekly demo to a real gate planner.");
  await page.getByRole("button", { name: "Save canvas" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Canvas saved." })).toBeFocused();

  // The HTML as served, before any script: the saved values and lane are in it.
  const html = await (await page.request.get(`/vbus/${vbu.id}`)).text();
  expect(html).toContain('value="Orbit Scheduler"');
  expect(html).toContain(">Weekly demo to a real gate planner.</textarea>");
  expect(html).toMatch(/<option value="sell" selected="">/);

  const release = await holdScripts(page);
  await page.goto(`/vbus/${vbu.id}`, { waitUntil: "commit" });
  await expect(page.getByText("Lane: Sell")).toBeVisible();
  await expect(page.getByLabel("Product name")).toHaveValue("Orbit Scheduler");
  await expect(page.getByLabel("Good discipline")).toHaveValue("Weekly demo to a real gate planner.");
  await expect(page.getByLabel("Primary focus")).toHaveValue("");
  await expect(page.getByLabel("Lifecycle lane")).toHaveValue("sell");
  const save = page.getByRole("button", { name: "Save canvas" });
  await expect(save).toBeDisabled();
  await expect(save).toHaveAccessibleDescription("Loading: available in a moment.");

  release();
  await expect(save).toBeEnabled();
  await expect(save).toHaveAccessibleDescription("");
  await page.getByLabel("Primary focus").fill("Win three airports");
  await save.click();
  await expect(page.getByRole("status").filter({ hasText: "Canvas saved." })).toBeFocused();
  await page.reload();
  await expect(page.getByLabel("Primary focus")).toHaveValue("Win three airports");
  await expect(page.getByLabel("Product name")).toHaveValue("Orbit Scheduler");
});

const FIELD_TITLES = "label, dt";
/** The canvas's fields in their one order, each with the line that says what belongs there. */
const FIELD_HINTS: [label: string, hint: string][] = [
  ["Product name", "The name customers know it by."],
  ["Lifecycle lane", "Where it is in its life: building, selling, milking or reframing."],
  ["Success description", "What will be true when this VBU has succeeded, in plain words."],
  ["Future state intent", "Where this VBU is heading in the next few years."],
  ["Primary focus", "The one thing that matters most right now."],
  ["Resist doing", "The tempting work you will say no to."],
  ["Good discipline", "The habit you keep even when it is inconvenient."],
  ["Primary constraint", "What limits progress most today."],
  ["Portfolio notes", "Written by portfolio managers."],
];
const LABELS = FIELD_HINTS.map(([label]) => label);

test("every canvas field says what belongs in it, in the editor and the read view, in one order", async ({
  browser,
}) => {
  const vbu = await createVbu(DEMO.gm.email);
  const admin = await (await browser.newContext()).newPage();
  const viewer = await (await browser.newContext()).newPage();
  await signIn(admin, "admin", `/vbus/${vbu.id}`);
  await signIn(viewer, "viewer", `/vbus/${vbu.id}`);
  const readView = viewer.getByRole("region", { name: "The canvas" });

  for (const [label, hint] of FIELD_HINTS) {
    await expect(admin.getByLabel(label, { exact: true })).toHaveAccessibleDescription(hint);
    await expect(readView.getByRole("term").filter({ hasText: label }).locator("xpath=..")).toContainText(hint);
  }

  await expect(admin.getByRole("form", { name: "Canvas" }).locator(FIELD_TITLES)).toHaveText(LABELS);
  await expect(readView.getByRole("term")).toHaveText(LABELS);
  // A new canvas: every text field is empty, and says so.
  await expect(readView.getByText("Not written yet", { exact: true })).toHaveCount(LABELS.length - 1);
});

test("a GM sees portfolio notes in their place among the fields, read-only, above Save", async ({ page }) => {
  const vbu = await createVbu(DEMO.gm.email);
  await signIn(page, "gm", `/vbus/${vbu.id}`);
  const form = page.getByRole("form", { name: "Canvas" });
  await expect(form.locator(FIELD_TITLES)).toHaveText(LABELS);
  await expect(page.getByRole("textbox", { name: "Portfolio notes" })).toHaveCount(0);
  const notes = form.getByRole("term").filter({ hasText: "Portfolio notes" }).locator("xpath=..");
  await expect(notes).toContainText("Not written yet");
  await expect(notes).toContainText("Written by portfolio managers.");
  const save = form.getByRole("button", { name: "Save canvas" });
  const notesBeforeSave = await notes.evaluate(
    (el, button) => !!(el.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING),
    await save.elementHandle(),
  );
  expect(notesBeforeSave).toBe(true);
});
