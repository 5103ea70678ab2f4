import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { createProofPoint, createVbu, seededVbus } from "./fixtures";
import { DEMO, signIn } from "./support";

// axe-core on the pages people use most, for WCAG 2.1 A and AA: no violations allowed. Two
// rules axe does not run with those tags are switched on too: a control's accessible name
// contains its visible label (`label-content-name-mismatch`, WCAG 2.5.3) and targets are big
// enough or far enough apart (`target-size`, WCAG 2.2's 2.5.8). Every page is also checked on a
// phone (390×844, touch), in its read and edit states.

/** axe rules off by default, named so that no later default can drop them quietly. */
const EXTRA_RULES = ["label-content-name-mismatch", "target-size"] as const;

async function expectNoViolations(page: Page, { extraRules = true }: { extraRules?: boolean } = {}) {
  const rules = Object.fromEntries(EXTRA_RULES.map((rule) => [rule, { enabled: extraRules }]));
  const { violations } = await new AxeBuilder({ page })
    // options() first: it replaces every option, and withTags() adds the tags to them.
    .options({ rules })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  // The rule, the elements and the fix, readable in the failure message.
  expect(violations.map((v) => ({ rule: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }))).toEqual(
    [],
  );
}

test("sign-in, empty and with errors", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in to Canvas" })).toBeVisible();
  await expectNoViolations(page);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter your password.")).toBeVisible();
  await expectNoViolations(page);
});

test("the board as a viewer, filtered and empty", async ({ page }) => {
  await signIn(page, "viewer");
  await expect(page.getByRole("link", { name: "Harbor Logistics", exact: true })).toBeVisible();
  await expectNoViolations(page);
  await page.goto("/board?q=no+such+VBU+anywhere&status=overdue");
  await expect(page.getByText("No VBUs match these filters.")).toBeVisible();
  await expectNoViolations(page);
});

test("the board as an admin, with a move form open", async ({ page }) => {
  await signIn(page, "admin");
  await expect(page.getByRole("link", { name: "Harbor Logistics", exact: true })).toBeVisible();
  await expectNoViolations(page);
  await page.getByRole("button", { name: "Move to another lane (Harbor Logistics)" }).click();
  await expect(page.getByLabel("Move to lane (Harbor Logistics)")).toBeFocused();
  await expectNoViolations(page);
});

test("a VBU's change history as a viewer, filtered by a proof point", async ({ page }) => {
  const vbu = await createVbu(DEMO.gm.email);
  const { proofPointId } = await createProofPoint(vbu.id);
  await signIn(page, "viewer", `/vbus/${vbu.id}`);
  await expect(page.getByRole("heading", { level: 2, name: "History" })).toBeVisible();
  await expectNoViolations(page);
  await page.goto(`/vbus/${vbu.id}/history?point=${proofPointId}`);
  await expect(page.getByRole("heading", { name: /^Status history/ })).toBeVisible();
  await expectNoViolations(page);
});

test("a proof point's comments as a viewer, with the @ picker open, and the GM's notifications", async ({ page }) => {
  const vbu = await createVbu(DEMO.gm.email);
  const { proofPointId } = await createProofPoint(vbu.id);
  await signIn(page, "viewer", `/vbus/${vbu.id}/comments?on=proof_point&id=${proofPointId}`);
  const box = page.getByLabel("Your comment");
  await box.fill("@Ana Silva is the pilot still on?");
  await page.getByRole("button", { name: "Post comment" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Comment posted." })).toBeVisible();
  await box.fill("@Ana");
  await expect(page.getByRole("button", { name: "Mention Ana Silva" })).toBeVisible();
  await expectNoViolations(page);
  await page.context().clearCookies();
  await signIn(page, "gm", "/notifications");
  await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();
  await expectNoViolations(page);
});

test("a canvas page as its GM, who edits it", async ({ page }) => {
  const vbu = await createVbu(DEMO.gm.email);
  await signIn(page, "gm", `/vbus/${vbu.id}`);
  await page.getByRole("form", { name: "Add a thesis" }).getByRole("textbox").fill("Customers pay for speed.");
  await page.getByRole("button", { name: "Add thesis" }).click();
  await expect(page.getByRole("listitem", { name: "Thesis 1" })).toBeVisible();
  await expectNoViolations(page);
});

test("a canvas page as its GM, with the evidence upload, a label form and a delete confirmation open", async ({
  page,
}) => {
  const vbu = await createVbu(DEMO.gm.email);
  const { description } = await createProofPoint(vbu.id);
  await signIn(page, "gm", `/vbus/${vbu.id}`);
  await page.getByRole("button", { name: `Add evidence to proof point: ${description}` }).click();
  await expect(page.getByRole("form", { name: "Upload evidence" })).toBeVisible();
  await page
    .getByLabel("Evidence file", { exact: true })
    .setInputFiles({ name: "calls.csv", mimeType: "text/csv", buffer: Buffer.from("month,calls\n2026-10,312\n") });
  await page.getByRole("button", { name: "Upload" }).click();
  await page.getByRole("button", { name: "Edit label of calls.csv" }).click();
  await expect(page.getByRole("textbox", { name: "Label of calls.csv" })).toBeFocused();
  await page.getByRole("button", { name: `Delete proof point: ${description}` }).click();
  await expect(page.getByText("Delete this proof point?")).toBeVisible();
  await expectNoViolations(page);
});

test("a canvas page as a viewer, who reads it", async ({ page }) => {
  await signIn(page, "viewer");
  await page.getByRole("link", { name: "Harbor Logistics", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Harbor Logistics" })).toBeVisible();
  await expectNoViolations(page);
});

/** The one-page canvas of a seeded VBU (its top band, strategy grid and theses filled in). */
async function oneCanvasPageHasNoViolations(page: Page) {
  test.setTimeout(90_000); // axe over a dense page, on a machine others share
  const harbor = (await seededVbus()).find((vbu) => vbu.name === "Harbor Logistics")!;
  await signIn(page, "viewer", `/vbus/${harbor.id}/canvas`);
  await expect(page.getByRole("list", { name: "Theses" })).toBeVisible();
  await expectNoViolations(page);
}

test("the one-page canvas as a viewer", async ({ page }) => {
  await oneCanvasPageHasNoViolations(page);
});

test("the admin pages, users and VBUs", async ({ page }) => {
  await signIn(page, "admin", "/admin/users");
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  await expectNoViolations(page);
  await page.goto("/admin/vbus");
  await expect(page.getByRole("heading", { level: 1, name: "VBUs" })).toBeVisible();
  await expectNoViolations(page);
});

test("the board as a GM, their VBUs first and filtered to them", async ({ page }) => {
  await signIn(page, "gm");
  await expect(page.getByText("Your VBUs come first in each lane")).toBeVisible();
  await expectNoViolations(page);
  await page.goto("/board?mine=1");
  await expect(page.getByRole("checkbox", { name: "Only my VBUs" })).toBeChecked();
  await expectNoViolations(page);
});

// The review pages, one role each: a GM's draft with the publish question open, a viewer's
// published review, the admin's month with its queue. Each runs axe two or three times over long
// pages, so each is its own test with room for that on a machine others share.

async function gmReviewPagesHaveNoViolations(page: Page) {
  test.setTimeout(60_000);
  const vbu = await createVbu(DEMO.gm.email);
  await createProofPoint(vbu.id);
  const month = new Date().toISOString().slice(0, 7);
  await signIn(page, "gm", `/vbus/${vbu.id}/reviews/${month}`);
  await page.getByRole("button", { name: "Start the review" }).click();
  await expect(page.getByRole("heading", { name: "Your draft" })).toBeVisible();
  await page.getByRole("button", { name: "Publish review…" }).click();
  await expect(page.getByRole("button", { name: "Publish now" })).toBeVisible();
  await expectNoViolations(page);
  await page.goto(`/vbus/${vbu.id}/reviews`);
  await expect(page.getByRole("heading", { level: 1, name: `${vbu.name}: monthly reviews` })).toBeVisible();
  await expectNoViolations(page);
}

async function viewerReviewPagesHaveNoViolations(page: Page) {
  test.setTimeout(60_000);
  await signIn(page, "viewer", "/reviews");
  await expect(page.getByRole("heading", { level: 2, name: /^Build/ })).toBeVisible();
  await expectNoViolations(page);
  const lastMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1));
  await page.goto(`/reviews/${lastMonth.toISOString().slice(0, 7)}?lane=build`);
  await page.getByRole("link", { name: "Harbor Logistics" }).click();
  await expect(page.getByRole("heading", { name: /What changed since/ })).toBeVisible();
  await page.getByText("The canvas as published").click();
  await expectNoViolations(page);
}

async function adminReviewQueueHasNoViolations(page: Page) {
  await signIn(page, "admin", "/reviews");
  await expect(page.getByRole("heading", { name: /^Awaiting acknowledgement/ })).toBeVisible();
  await expectNoViolations(page);
}

test("the monthly review pages: a GM's draft and their VBU's reviews", async ({ page }) => {
  await gmReviewPagesHaveNoViolations(page);
});

test("the monthly review pages: a viewer's month and a published review", async ({ page }) => {
  await viewerReviewPagesHaveNoViolations(page);
});

test("the monthly review pages: the admin's month with its queue", async ({ page }) => {
  await adminReviewQueueHasNoViolations(page);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("sign-in, empty and with errors", async ({ page }) => {
    await page.goto("/sign-in");
    await expectNoViolations(page);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Enter your password.")).toBeVisible();
    await expectNoViolations(page);
  });

  test("the board as a GM, their VBUs first", async ({ page }) => {
    await signIn(page, "gm");
    await expect(page.getByText("Your VBUs come first in each lane")).toBeVisible();
    await expectNoViolations(page);
  });

  test("the board as an admin, with a move form open", async ({ page }) => {
    await signIn(page, "admin");
    await page.getByRole("button", { name: "Move to another lane (Harbor Logistics)" }).click();
    await expect(page.getByLabel("Move to lane (Harbor Logistics)")).toBeFocused();
    await expectNoViolations(page);
  });

  test("a VBU's change history as a viewer, filtered by a proof point", async ({ page }) => {
    const vbu = await createVbu(DEMO.gm.email);
    const { proofPointId } = await createProofPoint(vbu.id);
    await signIn(page, "viewer", `/vbus/${vbu.id}`);
    await expect(page.getByRole("heading", { level: 2, name: "History" })).toBeVisible();
    await expectNoViolations(page);
    await page.goto(`/vbus/${vbu.id}/history?point=${proofPointId}`);
    await expect(page.getByRole("heading", { name: /^Status history/ })).toBeVisible();
    await expectNoViolations(page);
  });

  test("a canvas page as its GM, who edits it", async ({ page }) => {
    const vbu = await createVbu(DEMO.gm.email);
    await createProofPoint(vbu.id);
    await signIn(page, "gm", `/vbus/${vbu.id}`);
    await expect(page.getByRole("button", { name: "Save canvas" })).toBeEnabled();
    await expectNoViolations(page);
  });

  test("a canvas page as a viewer, who reads it", async ({ page }) => {
    await signIn(page, "viewer");
    await page.getByRole("link", { name: "Harbor Logistics", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Harbor Logistics" })).toBeVisible();
    await expectNoViolations(page);
  });

  test("the one-page canvas as a viewer", async ({ page }) => {
    await oneCanvasPageHasNoViolations(page);
  });

  test("the admin pages, users and VBUs", async ({ page }) => {
    await signIn(page, "admin", "/admin/users");
    await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
    await expectNoViolations(page);
    await page.goto("/admin/vbus");
    await expect(page.getByRole("heading", { level: 1, name: "VBUs" })).toBeVisible();
    await expectNoViolations(page);
  });

  test("the monthly review pages: a GM's draft and their VBU's reviews", async ({ page }) => {
    await gmReviewPagesHaveNoViolations(page);
  });

  test("the monthly review pages: a viewer's month and a published review", async ({ page }) => {
    await viewerReviewPagesHaveNoViolations(page);
  });

  test("the monthly review pages: the admin's month with its queue", async ({ page }) => {
    await adminReviewQueueHasNoViolations(page);
  });
});
