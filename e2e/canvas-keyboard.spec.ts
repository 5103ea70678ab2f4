// The canvas from the keyboard, for voice users and on touch screens (issue 13): every action
// leaves the focus on the next sensible control, Escape closes inline forms, deletes say what
// went (what the canvas tested included), overdue proof points are marked and filtered, names
// start with the words on the buttons, and controls are big enough to tap.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page, test } from "@playwright/test";
import { createProofPoint, createVbu } from "./fixtures";
import { DEMO, signIn } from "./support";

const theses = (page: Page) => page.getByRole("list", { name: "Theses" }).getByRole("heading", { level: 3 });
const proofPoint = (page: Page, description: string) =>
  page.getByRole("list", { name: "Proof points" }).getByRole("listitem").filter({ hasText: description });
const CSV = Buffer.from("month,calls\n2026-01,3\n");

async function addThesis(page: Page, text: string) {
  const form = page.getByRole("form", { name: "Add a thesis" });
  await form.getByRole("textbox").fill(text);
  await form.getByRole("button", { name: "Add thesis" }).click();
  await expect(theses(page).last()).toHaveText(new RegExp(`: ${text}$`));
}

async function upload(page: Page, description: string, name: string) {
  const point = proofPoint(page, description);
  await point.getByRole("button", { name: `Add evidence to proof point: ${description}` }).click();
  await point.getByLabel("Evidence file", { exact: true }).setInputFiles({ name, mimeType: "text/csv", buffer: CSV });
  await point.getByRole("button", { name: "Upload" }).click();
  await expect(point.getByRole("status").filter({ hasText: `${name} uploaded.` })).toBeVisible();
  await point.getByRole("button", { name: "Close" }).click();
}

async function setReviewMonth(page: Page, description: string, month: string) {
  await page.getByRole("button", { name: `Edit proof point: ${description}` }).click();
  const form = page.getByRole("form", { name: "Edit proof point" });
  await form.getByLabel("Target review month").fill(month);
  await form.getByRole("button", { name: "Save proof point" }).click();
  await expect(form).toHaveCount(0);
}

test("moving a thesis from the keyboard keeps the focus on the moved thesis's button; Space twice moves twice", async ({
  page,
}) => {
  const vbu = await createVbu(DEMO.gm.email);
  await signIn(page, "gm", `/vbus/${vbu.id}`);
  for (const n of [1, 2, 3]) await addThesis(page, `Text ${n}`);

  await page.getByRole("button", { name: "Move down: thesis 1" }).focus();
  await page.keyboard.press("Space");
  await page.keyboard.press("Space");
  await expect(theses(page)).toHaveText(["Thesis 1: Text 2", "Thesis 2: Text 3", "Thesis 3: Text 1"]);
  // The same button of the moved thesis, at the end now: still focused, and says it cannot move on.
  const down = page.getByRole("button", { name: "Move down: thesis 3" });
  await expect(down).toBeFocused();
  await expect(down).toHaveAttribute("aria-disabled", "true");
  await page.keyboard.press("Space"); // at the end: nothing moves, nothing is lost
  await expect(down).toBeFocused();

  // Both moves saved (the list is busy until the last is), then the page as the server has it
  // now, and a move the other way. Without the reload, the focus call below could land while the
  // first moves' answers re-render the list.
  await expect(page.getByRole("list", { name: "Theses" })).not.toHaveAttribute("aria-busy", "true");
  await page.reload();
  await expect(theses(page)).toHaveText(["Thesis 1: Text 2", "Thesis 2: Text 3", "Thesis 3: Text 1"]);
  await page.getByRole("button", { name: "Move up: thesis 3" }).focus();
  await page.keyboard.press("Enter");
  await expect(theses(page)).toHaveText(["Thesis 1: Text 2", "Thesis 2: Text 1", "Thesis 3: Text 3"]);
  await expect(page.getByRole("button", { name: "Move up: thesis 2" })).toBeFocused();
  await expect(page.getByRole("status").filter({ hasText: "Theses reordered." })).toBeVisible();

  await page.reload();
  await expect(theses(page)).toHaveText(["Thesis 1: Text 2", "Thesis 2: Text 1", "Thesis 3: Text 3"]);
});

test("a reload while a move is being saved asks first, and staying keeps the move", async ({ page }) => {
  const vbu = await createVbu(DEMO.gm.email);
  await signIn(page, "gm", `/vbus/${vbu.id}`);
  for (const n of [1, 2]) await addThesis(page, `Text ${n}`);
  // The move's answer is held back, as a slow connection would.
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(`**/vbus/${vbu.id}`, async (route) => {
    if (route.request().method() === "POST") await released;
    await route.continue();
  });
  await page.getByRole("button", { name: "Move down: thesis 1" }).click();
  await expect(theses(page)).toHaveText(["Thesis 1: Text 2", "Thesis 2: Text 1"]);
  await expect(page.getByRole("list", { name: "Theses" })).toHaveAttribute("aria-busy", "true");

  const asked = page.waitForEvent("dialog");
  await page.evaluate(() => void setTimeout(() => location.reload(), 0));
  const dialog = await asked;
  expect(dialog.type()).toBe("beforeunload");
  await dialog.dismiss(); // stay
  release();
  await expect(page.getByRole("status").filter({ hasText: "Theses reordered." })).toBeVisible();
  await expect(page.getByRole("list", { name: "Theses" })).not.toHaveAttribute("aria-busy", "true");
  await page.unrouteAll();
  await page.reload();
  await expect(theses(page)).toHaveText(["Thesis 1: Text 2", "Thesis 2: Text 1"]);
});

test("adding the fifth thesis leaves the keyboard on the note that replaces the form", async ({ page }) => {
  const vbu = await createVbu(DEMO.gm.email);
  await signIn(page, "gm", `/vbus/${vbu.id}`);
  for (const n of [1, 2, 3, 4]) await addThesis(page, `Text ${n}`);
  const form = page.getByRole("form", { name: "Add a thesis" });
  await form.getByRole("textbox").fill("Text 5");
  await form.getByRole("button", { name: "Add thesis" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("This canvas has 5 theses, the most it can hold.")).toBeFocused();
});

test("inline forms open with the keyboard in them, and Escape closes each, back on the button that opened it", async ({
  page,
}) => {
  const vbu = await createVbu(DEMO.gm.email);
  const { description } = await createProofPoint(vbu.id, "Two renewals signed");
  await signIn(page, "gm", `/vbus/${vbu.id}`);
  await upload(page, description, "calls.csv");

  const editThesis = page.getByRole("button", { name: "Edit thesis 1" });
  await editThesis.click();
  await expect(page.getByRole("textbox", { name: "Thesis 1" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("form", { name: "Edit thesis 1" })).toHaveCount(0);
  await expect(editThesis).toBeFocused();

  const editPoint = page.getByRole("button", { name: `Edit proof point: ${description}` });
  await editPoint.click();
  await expect(page.getByRole("form", { name: "Edit proof point" }).getByLabel("Proof point")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("form", { name: "Edit proof point" })).toHaveCount(0);
  await expect(editPoint).toBeFocused();

  const addPoint = page.getByRole("button", { name: "Add a proof point to thesis 1" });
  await addPoint.click();
  const addForm = page.getByRole("form", { name: "Add a proof point to thesis 1" });
  await expect(addForm.getByLabel("Proof point")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(addForm).toHaveCount(0);
  await expect(addPoint).toBeFocused();

  const addEvidence = page.getByRole("button", { name: `Add evidence to proof point: ${description}` });
  await addEvidence.click();
  await expect(page.getByLabel("Evidence file", { exact: true })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("form", { name: "Upload evidence" })).toHaveCount(0);
  await expect(addEvidence).toBeFocused();

  const editLabel = page.getByRole("button", { name: "Edit label of calls.csv" });
  await editLabel.click();
  await expect(page.getByRole("textbox", { name: "Label of calls.csv" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("form", { name: "Edit label of calls.csv" })).toHaveCount(0);
  await expect(editLabel).toBeFocused();

  // The delete question too: Escape keeps it.
  const deletePoint = page.getByRole("button", { name: `Delete proof point: ${description}` });
  await deletePoint.click();
  await page.keyboard.press("Escape");
  await expect(deletePoint).toBeFocused();
  await expect(proofPoint(page, description)).toBeVisible();
});

test("deleting what the canvas tests says so before and after, and the focus goes to what happened", async ({
  page,
}) => {
  const vbu = await createVbu(DEMO.gm.email);
  const { description } = await createProofPoint(vbu.id, "Three renewals signed");
  await signIn(page, "gm", `/vbus/${vbu.id}`);
  await upload(page, description, "renewals.csv");
  await addThesis(page, "A second thesis");
  await expect(page.getByRole("status").filter({ hasText: "Thesis added." })).toBeVisible();
  await page.getByRole("button", { name: "Add a proof point to thesis 2" }).click();
  const addForm = page.getByRole("form", { name: "Add a proof point to thesis 2" });
  await addForm.getByLabel("Proof point").fill("Quick win");
  await addForm.getByRole("button", { name: "Add proof point" }).click();
  await expect(proofPoint(page, "Quick win")).toBeVisible();

  // The canvas tests the first thesis's proof point.
  const testing = page.getByRole("region", { name: "Currently testing" });
  await testing
    .getByLabel("Choose what this canvas is testing now")
    .selectOption({ label: `Proof point: ${description}` });
  await testing.getByRole("button", { name: "Set currently testing" }).click();
  await expect(testing.getByText("Currently testing updated.")).toBeVisible();
  await expect(testing.getByRole("button", { name: "Set currently testing" })).toBeFocused();

  // A proof point that is not tested, with no files: the plain question; after, the message has the focus.
  await page.getByRole("button", { name: "Delete proof point: Quick win" }).click();
  await expect(page.getByRole("button", { name: "Yes, delete" })).toHaveAccessibleDescription(
    "Delete this proof point?",
  );
  await page.getByRole("button", { name: "Yes, delete" }).click();
  const message = page.getByRole("status").filter({ hasText: "Proof point “Quick win” deleted." });
  await expect(message).toBeFocused();

  const thesis = page.getByRole("listitem", { name: "Thesis 1" });
  await page.getByRole("button", { name: "Delete thesis 1" }).click();
  await expect(thesis.getByRole("button", { name: "Yes, delete" })).toHaveAccessibleDescription(
    "Delete thesis 1? This also deletes its 1 proof point and 1 evidence file. " +
      "One of its proof points is what the canvas is testing now; deleting it clears that.",
  );
  await thesis.getByRole("button", { name: "Yes, delete" }).click();
  await expect(
    page
      .getByRole("status")
      .filter({ hasText: "Thesis 1 deleted, with 1 proof point and 1 evidence file. Nothing is being tested now." }),
  ).toBeFocused();
  await expect(theses(page)).toHaveText(["Thesis 1: A second thesis"]);
  // The old "updated" does not stand beside a canvas that tests nothing.
  await expect(testing.getByText("Nothing chosen yet.")).toBeVisible();
  await expect(testing.getByText("Currently testing updated.")).toHaveCount(0);
  // Earlier messages gave way to the newest: none stands beside what came after it.
  await expect(page.getByText("Proof point “Quick win” deleted.")).toHaveCount(0);
  await expect(page.getByText("Thesis added.")).toHaveCount(0);
});

test("a proof point tested itself says so before it is deleted", async ({ page }) => {
  const vbu = await createVbu(DEMO.gm.email);
  const { description } = await createProofPoint(vbu.id, "Tested point");
  await signIn(page, "gm", `/vbus/${vbu.id}`);
  const testing = page.getByRole("region", { name: "Currently testing" });
  await testing
    .getByLabel("Choose what this canvas is testing now")
    .selectOption({ label: `Proof point: ${description}` });
  await testing.getByRole("button", { name: "Set currently testing" }).click();
  await expect(testing.getByText(`Proof point of thesis 1: ${description}`)).toBeVisible();

  await page.getByRole("button", { name: `Delete proof point: ${description}` }).click();
  await expect(
    page.getByText("Delete this proof point? This is what the canvas is testing now; deleting it clears that."),
  ).toBeVisible();
  await page.getByRole("button", { name: "Yes, delete" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: `Proof point “${description}” deleted. Nothing is being tested now.` }),
  ).toBeFocused();
  await expect(testing.getByText("Nothing chosen yet.")).toBeVisible();
});

test("overdue proof points are marked in words on the canvas, and anyone can show only those", async ({ page }) => {
  const vbu = await createVbu(DEMO.gm.email);
  const { description } = await createProofPoint(vbu.id, "Late review");
  await signIn(page, "gm", `/vbus/${vbu.id}`);
  await page.getByRole("button", { name: "Add a proof point to thesis 1" }).click();
  const addForm = page.getByRole("form", { name: "Add a proof point to thesis 1" });
  await addForm.getByLabel("Proof point").fill("Observed long ago");
  await addForm.getByLabel("Status").selectOption({ label: "Observed" });
  await addForm.getByLabel("Target review month").fill("2020-02");
  await addForm.getByRole("button", { name: "Add proof point" }).click();
  await expect(proofPoint(page, "Observed long ago")).toBeVisible();
  await setReviewMonth(page, description, "2020-01");

  await expect(proofPoint(page, description)).toContainText("Overdue for review");
  await expect(proofPoint(page, description)).toContainText("Review was due in January 2020");
  await expect(proofPoint(page, "Observed long ago")).not.toContainText("Overdue");
  await expect(page.getByText("1 proof point is overdue for review.")).toBeVisible();

  await page.getByRole("link", { name: "Show only overdue proof points" }).click();
  await expect(page).toHaveURL(new RegExp(`/vbus/${vbu.id}\\?overdue=1$`));
  await expect(proofPoint(page, description)).toBeVisible();
  await expect(proofPoint(page, "Observed long ago")).toHaveCount(0);
  await page.getByRole("link", { name: "Show all proof points" }).click();
  await expect(proofPoint(page, "Observed long ago")).toBeVisible();

  // A reader gets the mark and the shared link too.
  await page.context().clearCookies();
  await signIn(page, "viewer", `/vbus/${vbu.id}?overdue=1`);
  await expect(proofPoint(page, description)).toContainText("Overdue for review");
  await expect(proofPoint(page, "Observed long ago")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Show all proof points" })).toBeVisible();
});

/** Each button's accessible name starts with the words on it (WCAG 2.5.3, label in name). */
async function expectLabelsInNames(buttons: Locator) {
  const names = await buttons.evaluateAll((elements) =>
    elements.map((element) => {
      const copy = element.cloneNode(true) as HTMLElement;
      copy.querySelectorAll("[aria-hidden]").forEach((hidden) => hidden.remove());
      const visible = (copy.textContent ?? "").replace(/\s+/g, " ").trim();
      const name = (element.getAttribute("aria-label") ?? visible).replace(/\s+/g, " ").trim();
      return { visible, name };
    }),
  );
  expect(names.length).toBeGreaterThan(5);
  for (const { visible, name } of names)
    expect(name.toLowerCase().startsWith(visible.toLowerCase()), `${name} ← ${visible}`).toBe(true);
}

/**
 * axe's label-content-name-mismatch (experimental in older axe releases, so enabled
 * explicitly): no violations, and, where buttons have names of their own (the editor's), it
 * did check them rather than find nothing to check.
 */
async function expectLabelInName(page: Page, { checked }: { checked: boolean }) {
  const results = await new AxeBuilder({ page })
    .options({ rules: { "label-content-name-mismatch": { enabled: true } } })
    .withRules(["label-content-name-mismatch"])
    .analyze();
  expect(results.violations).toEqual([]);
  const ran = [...results.passes, ...results.inapplicable].map((rule) => rule.id);
  expect(ran).toContain("label-content-name-mismatch");
  if (checked) expect(results.passes.map((rule) => rule.id)).toContain("label-content-name-mismatch");
}

test("every button's name starts with its visible words, in read and edit states (label in name)", async ({ page }) => {
  const vbu = await createVbu(DEMO.gm.email);
  const { description } = await createProofPoint(vbu.id, "Named point");
  await signIn(page, "gm", `/vbus/${vbu.id}`);
  await upload(page, description, "named.csv");
  await expectLabelsInNames(page.getByRole("main").getByRole("button"));
  await expectLabelInName(page, { checked: true });

  // With forms and a question open.
  await page.getByRole("button", { name: "Edit thesis 1" }).click();
  await page.getByRole("button", { name: "Edit label of named.csv" }).click();
  await page.getByRole("button", { name: `Delete proof point: ${description}` }).click();
  await expectLabelsInNames(page.getByRole("main").getByRole("button"));
  await expectLabelInName(page, { checked: true });

  await page.context().clearCookies();
  await signIn(page, "viewer", `/vbus/${vbu.id}`);
  // A reader's page: its few controls are named by their words alone.
  await expectLabelInName(page, { checked: false });
});

const THESES = 'section[aria-labelledby="theses-heading"]';
// A 1×1 PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
const TESTING = 'section[aria-labelledby="currently-testing-heading"]';

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

  /** Every button, link and select of the page's main content is at least 44×44 CSS px. */
  async function expectTapTargets(page: Page) {
    expect(await page.evaluate(() => matchMedia("(pointer: coarse)").matches)).toBe(true);
    const sections = page.locator("main");
    const controls = sections.locator("button, a[href], select, input[type=file]");
    const sizes = await controls.evaluateAll((elements) =>
      elements.map((e) => {
        const { width, height } = e.getBoundingClientRect();
        return { what: `${e.tagName} ${e.getAttribute("aria-label") ?? e.textContent?.trim()}`, width, height };
      }),
    );
    expect(sizes.length).toBeGreaterThan(5);
    const small = sizes.filter(({ width, height }) => width < 44 || height < 44);
    expect(small).toEqual([]);
    const { passes, violations } = await new AxeBuilder({ page })
      .include(THESES)
      .include(TESTING)
      .withRules(["target-size"])
      .analyze();
    expect(passes.map((rule) => rule.id)).toContain("target-size");
    expect(violations).toEqual([]);
  }

  test("every control of a GM's canvas is big enough to tap, and the currently-testing choice is full width", async ({
    page,
  }) => {
    const vbu = await createVbu(DEMO.gm.email);
    const { description } = await createProofPoint(vbu.id, "Tap point");
    await signIn(page, "gm", `/vbus/${vbu.id}`);
    // An evidence file too: its download link is a control like any other.
    await page.getByRole("button", { name: `Add evidence to proof point: ${description}` }).click();
    await page
      .getByLabel("Evidence file", { exact: true })
      .setInputFiles({ name: "tap.png", mimeType: "image/png", buffer: PNG });
    await page.getByRole("button", { name: "Upload", exact: true }).click();
    await expect(page.getByRole("link", { name: "tap.png" })).toBeVisible();
    await page.getByRole("button", { name: "Close" }).click();
    await expectTapTargets(page);

    const select = page.getByLabel("Choose what this canvas is testing now");
    const region = page.getByRole("region", { name: "Currently testing" });
    const [selectBox, regionBox] = [await select.boundingBox(), await region.boundingBox()];
    expect(selectBox!.width).toBeGreaterThan(regionBox!.width - 60);

    // Edit states: forms and the delete question open.
    await page.getByRole("button", { name: "Edit thesis 1" }).click();
    await page.getByRole("button", { name: `Add evidence to proof point: ${description}` }).click();
    await page.getByRole("button", { name: "Add a proof point to thesis 1" }).click();
    await page.getByRole("button", { name: `Delete proof point: ${description}` }).click();
    await expectTapTargets(page);
  });

  test("a reader's canvas is big enough to tap too", async ({ page }) => {
    const vbu = await createVbu(DEMO.gm.email);
    await createProofPoint(vbu.id, "Read point");
    await signIn(page, "viewer", `/vbus/${vbu.id}`);
    const sections = page.locator(THESES);
    const controls = sections.locator("button, a[href], select");
    await expect(controls.first()).toBeVisible();
    for (const control of await controls.all()) {
      const box = await control.boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
      expect(box!.width).toBeGreaterThanOrEqual(44);
    }
  });
});
