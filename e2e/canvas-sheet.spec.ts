import { expect, type Page, test } from "@playwright/test";
import { SHEET_LIMITS } from "../lib/canvas/sheet";
import { SHORT_TEXT_MAX } from "../lib/canvas/vocabulary";
import { createThesisWithProofPoints, createVbu, seededVbus } from "./fixtures";
import { DEMO, DEMO_PASSWORD, signIn } from "./support";

// The one-page canvas (/vbus/{id}/canvas): every seeded canvas, and the fullest canvas the
// sheet shows unclipped, fit one 1440×900 screen with no vertical scroll and print to exactly one
// landscape A4 or Letter page; a longer text is clipped with a visible "continued in the app".

test.use({ viewport: { width: 1440, height: 900 } });

/** No vertical scroll: the whole sheet is on the screen. */
async function expectNoVerticalScroll(page: Page) {
  const { scrollHeight, innerHeight } = await page.evaluate(() => ({
    scrollHeight: document.scrollingElement!.scrollHeight,
    innerHeight: window.innerHeight,
  }));
  expect(scrollHeight, `${page.url()} is ${scrollHeight}px tall`).toBeLessThanOrEqual(innerHeight);
}

/** Pages of a PDF Chromium wrote: its page objects (not the /Type /Pages tree). */
const pageCount = (pdf: Buffer) => pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-z])/g)?.length ?? 0;

/** Printed (print media, as the browser's own print) to one landscape page, A4 and Letter. */
async function expectOnePrintedPage(page: Page) {
  for (const format of ["A4", "Letter"]) {
    const pdf = await page.pdf({ format, landscape: true });
    expect(pageCount(pdf), `${page.url()} printed on ${format}`).toBe(1);
  }
}

const sheetOf = (vbuId: string) => `/vbus/${vbuId}/canvas`;
/** Prose `n` characters long, words of everyday length (a canvas is written in sentences). */
const prose = (n: number) =>
  "Mid-size ports book most berth slots through us once planners trust the proposals they see. "
    .repeat(Math.ceil(n / 90))
    .slice(0, n)
    .trim();

test("every seeded canvas fits one screen and prints on one landscape page", async ({ page }) => {
  test.setTimeout(360_000); // twelve pages, each printed twice, on a machine others share
  const vbus = await seededVbus();
  expect(vbus).toHaveLength(12);
  await signIn(page, "viewer");
  for (const vbu of vbus) {
    await page.goto(sheetOf(vbu.id));
    await expect(page.getByRole("heading", { level: 1, name: new RegExp(`^${vbu.name}`) })).toBeVisible();
    await expect(page.getByRole("list", { name: "Theses" })).toBeVisible();
    await expectNoVerticalScroll(page);
    await expectOnePrintedPage(page);
  }
});

test("the canvas page links to its one-page canvas, which reads as a canvas", async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, "viewer");
  await page.getByRole("link", { name: "Harbor Logistics", exact: true }).click();
  await expect(page.getByRole("link", { name: "Download PDF" })).toHaveAttribute("href", /\/canvas\.pdf$/);
  await page.getByRole("link", { name: "One-page canvas" }).click();
  await expect(page).toHaveURL(/\/vbus\/[0-9a-f-]+\/canvas$/);
  await expect(page.getByRole("heading", { level: 1, name: /^Harbor Logistics/ })).toBeVisible();
  // The top band: VBU, GM, lane and what is being tested, each under its name.
  const band = (term: string) => page.getByRole("term").filter({ hasText: new RegExp(`^${term}$`) });
  for (const term of ["VBU", "GM", "Lane", "Currently testing"]) await expect(band(term)).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: /^Ana Silva$/ })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: /^Build$/ })).toBeVisible();
  await expect(
    page.getByRole("definition").filter({ hasText: /^Proof point of thesis 1: Pilot port accepts/ }),
  ).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: "Mid-size ports book 80%" })).toBeVisible();
  const thesis1 = page.getByRole("listitem", { name: "Thesis 1" });
  await expect(thesis1).toContainText("Planners accept automatic slot proposals");
  // Status in words; the stalled point of thesis 3 is a month late and says so.
  await expect(thesis1.getByText("In progress", { exact: true })).toBeVisible();
  const thesis3 = page.getByRole("listitem", { name: "Thesis 3" });
  await expect(thesis3.getByText("Stalled", { exact: true })).toBeVisible();
  await expect(thesis3.getByText("Overdue for review")).toBeVisible();
  await expect(page.getByRole("link", { name: "Download PDF" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Print" })).toBeEnabled();

  // On paper: no site header, no skip link, no controls.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Sign out" })).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  await expect(page.getByRole("link", { name: "Skip to main content" })).toBeHidden();
  await expect(page.getByRole("listitem", { name: "Thesis 1" })).toBeVisible();
});

test("the fullest canvas shown whole (5 theses × 3 proof points, 300-character fields) still fits", async ({
  page,
}) => {
  test.setTimeout(60_000);
  const text = prose;
  const vbu = await createVbu(DEMO.gm.email, undefined, "sell", {
    productName: text(SHEET_LIMITS.productName),
    successDescription: text(SHEET_LIMITS.field),
    futureStateIntent: text(SHEET_LIMITS.field),
    primaryFocus: text(SHORT_TEXT_MAX), // a VARCHAR(255)
    resistDoing: text(SHEET_LIMITS.field),
    goodDiscipline: text(SHEET_LIMITS.field),
    primaryConstraint: text(SHEET_LIMITS.field),
    portfolioNotes: text(SHEET_LIMITS.field),
  });
  for (let t = 1; t <= 5; t++) {
    await createThesisWithProofPoints(
      vbu.id,
      text(SHEET_LIMITS.thesis),
      [
        { description: text(SHEET_LIMITS.proofPoint), status: "in_progress", reviewMonth: "2020-01" },
        { description: text(SHEET_LIMITS.proofPoint), status: "observed", reviewMonth: "2030-12" },
        { description: text(SHEET_LIMITS.proofPoint), status: "stalled", reviewMonth: "2030-12" },
      ],
      { currentlyTesting: t === 1 },
    );
  }
  await signIn(page, "viewer", sheetOf(vbu.id));
  await expect(page.getByRole("listitem", { name: "Thesis 5" })).toBeVisible();
  await expect(page.getByRole("link", { name: "continued in the app" })).toHaveCount(0);
  await expect(page.getByRole("list", { name: "Theses" }).getByText("Overdue for review")).toHaveCount(5);
  await expectNoVerticalScroll(page);
  await expectOnePrintedPage(page);
});

test("a longer text is clipped with a visible “continued in the app” that leads to it", async ({ page }) => {
  test.setTimeout(60_000);
  const long = prose(1200);
  const vbu = await createVbu(DEMO.gm.email, undefined, "build", { primaryConstraint: long, resistDoing: long });
  for (let t = 1; t <= 5; t++) {
    await createThesisWithProofPoints(
      vbu.id,
      long,
      [{ description: long }, { description: long }, { description: long }],
      { currentlyTesting: t === 5 },
    );
  }
  await signIn(page, "viewer", sheetOf(vbu.id));
  const constraint = page
    .getByRole("definition")
    .filter({ has: page.getByRole("link", { name: "continued in the app" }) });
  await expect(constraint.first()).toBeVisible();
  // Every clipped text says so: two fields, the pointer, five theses and their fifteen proof points.
  await expect(page.getByRole("link", { name: "continued in the app" })).toHaveCount(2 + 1 + 5 + 15);
  await expectNoVerticalScroll(page);
  await expectOnePrintedPage(page);
  await page.getByRole("link", { name: "continued in the app" }).first().click();
  await expect(page).toHaveURL(new RegExp(`/vbus/${vbu.id}#currently-testing-heading$`));
  await expect(page.getByText(long.slice(0, 40)).first()).toBeVisible();
});

test("signed out, the one-page canvas sends you to sign in and back", async ({ page }) => {
  const vbu = await createVbu(DEMO.gm.email);
  await page.goto(sheetOf(vbu.id));
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.getByLabel("Email").fill(DEMO.viewer.email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${sheetOf(vbu.id)}$`));
  await expect(page.getByText("No theses yet.")).toBeVisible();
});
