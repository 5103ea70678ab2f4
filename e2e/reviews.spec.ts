import { expect, type Page, test } from "@playwright/test";
import { formatReviewMonth } from "../lib/dates";
import { AWAITING_SHOWN } from "../lib/reviews/portfolio";
import { monthAt, monthParam } from "../lib/reviews/vocabulary";
import { createProofPoint, createPublishedReview, createVbu } from "./fixtures";
import { DEMO, signIn } from "./support";

// Monthly reviews from the outside, by role and label: a GM writes and publishes one, a viewer
// reads one with what changed, the admin acknowledges from the queue, and a second month's review
// shows what changed on the canvas in between. Each test makes its own VBU.

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");

const lastMonth = monthParam(monthAt(new Date(), -1));
const thisMonth = monthParam(monthAt(new Date()));

/** Writes the draft editor's narrative and health call. */
async function writeDraft(page: Page, learned: string, health = "At risk") {
  const draft = page.getByRole("form", { name: /^Review of / });
  await draft.getByLabel("Health").selectOption({ label: health });
  await draft.getByLabel("What we learned").fill(learned);
  await draft.getByLabel("Decisions taken").fill("Stopped the enterprise tier.");
  await draft.getByLabel("What we ask of the portfolio").fill("One more engineer for the pilot.");
  await draft.getByLabel("Next month's focus").fill("Close the second pilot.");
  return draft;
}

async function publish(page: Page) {
  await page.getByRole("button", { name: "Publish review…" }).click();
  await page.getByRole("button", { name: "Publish now" }).click();
  await expect(page.getByText(/^Published by Ana Silva on /)).toBeVisible();
}

test("a GM starts last month's review, saves a draft, publishes it, and it is read-only", async ({ page }) => {
  const vbu = await createVbu(DEMO.gm.email);
  await createProofPoint(vbu.id, "Pilot customers renew");
  await signIn(page, "gm", `/vbus/${vbu.id}`);
  await page.getByRole("link", { name: "All monthly reviews" }).click();
  await expect(page.getByText("No reviews yet.")).toBeVisible();
  await page.getByRole("button", { name: `Start the ${formatReviewMonth(lastMonth)} review` }).click();
  await expect(page).toHaveURL(new RegExp(`/vbus/${vbu.id}/reviews/${lastMonth}$`));
  await expect(
    page.getByRole("heading", { name: `${vbu.name}: review of ${formatReviewMonth(lastMonth)}` }),
  ).toBeVisible();

  // Publishing needs a health call and what was learned: the fields say so.
  await page.getByRole("button", { name: "Publish review…" }).click();
  await page.getByRole("button", { name: "Publish now" }).click();
  await expect(page.getByText("Choose on track, at risk or off track before publishing.")).toBeVisible();
  await expect(page.getByText("Say what you learned this month before publishing.")).toBeVisible();

  const draft = await writeDraft(page, "Renewals need a named owner.");
  await draft.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Draft saved." })).toBeVisible();
  await expect(page.getByRole("region", { name: /What changed since/ })).toContainText(
    "No earlier review to compare with.",
  );

  // Evidence through the same upload as a proof point's.
  await page.getByRole("button", { name: "Add evidence to this review" }).click();
  await page
    .getByLabel("Evidence file", { exact: true })
    .setInputFiles({ name: "Renewal memo.pdf", mimeType: "application/pdf", buffer: PDF });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Renewal memo.pdf uploaded." })).toBeVisible();

  await publish(page);
  await expect(page.getByRole("form", { name: /^Review of / })).toHaveCount(0);
  // Its evidence is read-only now too.
  await expect(page.getByRole("link", { name: /Renewal memo\.pdf/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Add evidence to this review" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Delete/ })).toHaveCount(0);
  await expect(page.getByText("At risk")).toBeVisible();
  await expect(page.getByText("Renewals need a named owner.")).toBeVisible();
  await expect(page.getByText("Not acknowledged by a portfolio manager yet.")).toBeVisible();

  // The list and the canvas page point at it.
  await page.getByRole("link", { name: "All its reviews" }).click();
  const row = page.getByRole("row", { name: new RegExp(formatReviewMonth(lastMonth)) });
  await expect(row).toContainText("Published");
  await expect(row).toContainText("Not yet");
  await page.goto(`/vbus/${vbu.id}`);
  await expect(page.getByRole("link", { name: `Read the ${formatReviewMonth(lastMonth)} review` })).toBeVisible();
});

test("a viewer reads a published review with what changed since the one before, and cannot see a draft", async ({
  page,
}) => {
  await signIn(page, "viewer", `/reviews/${lastMonth}?lane=build`);
  // The demo's Harbor Logistics published last month's review, after one the month before. Its lane
  // opened in full: other specs add VBUs to Build, and a lane lists 20 unless opened.
  await page.getByRole("link", { name: "Harbor Logistics" }).click();
  await expect(
    page.getByRole("heading", { name: `Harbor Logistics: review of ${formatReviewMonth(lastMonth)}` }),
  ).toBeVisible();
  await expect(page.getByRole("form", { name: /^Review of / })).toHaveCount(0);
  const changes = page.getByRole("region", { name: /What changed since/ });
  await expect(changes).toContainText("In progress → Observed");
  await expect(changes.getByRole("heading", { name: "Evidence" })).toBeVisible();
  await expect(changes).toContainText("per-call-pricing-loi.pdf");

  // This month's draft of Harbor's is its GM's and the admins' only.
  await page.goto(page.url().replace(lastMonth, thisMonth));
  await expect(page.getByText(`No review for ${formatReviewMonth(thisMonth)}`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Start the review" })).toHaveCount(0);
});

test("the admin opens the queue, acknowledges a review from it, and its GM reads the acknowledgement", async ({
  browser,
}) => {
  const vbu = await createVbu(DEMO.gm.email);
  await createPublishedReview(vbu.id, `${lastMonth}-01`, { learned: "Churn halved.", asks: "A data analyst." });
  // Enough earlier ones that the queue is longer than it lists unless opened.
  for (let back = 2; back <= AWAITING_SHOWN + 1; back++) {
    await createPublishedReview(vbu.id, `${monthParam(monthAt(new Date(), -back))}-01`, { learned: "Earlier." });
  }

  const admin = await browser.newPage();
  await signIn(admin, "admin", "/reviews");
  await expect(admin).toHaveURL(new RegExp(`/reviews/${thisMonth}$`));
  await expect(admin.getByRole("list", { name: "Awaiting acknowledgement" }).getByRole("listitem")).toHaveCount(
    AWAITING_SHOWN,
  );
  await admin.getByRole("link", { name: /^Show (all|the oldest) \d+ awaiting acknowledgement$/ }).click();
  await expect(admin).toHaveURL(new RegExp(`/reviews/${thisMonth}\\?queue=all$`));
  const queue = admin.getByRole("list", { name: "Awaiting acknowledgement" });
  const item = queue.getByRole("listitem").filter({ hasText: `${vbu.name}, ${formatReviewMonth(lastMonth)}` });
  await item.getByRole("button", { name: `Acknowledge ${vbu.name}, ${formatReviewMonth(lastMonth)}` }).click();
  await expect(item).toHaveCount(0);
  await admin.close();

  const gm = await browser.newPage();
  await signIn(gm, "gm", `/vbus/${vbu.id}/reviews/${lastMonth}`);
  await expect(gm.getByText(/^Acknowledged by Morgan Ellis on /)).toBeVisible();
  await gm.close();
});

test("this month's review shows what changed on the canvas since last month's", async ({ page }) => {
  const vbu = await createVbu(DEMO.gm.email);
  const { description } = await createProofPoint(vbu.id, "Two pilots sign");
  await signIn(page, "gm", `/vbus/${vbu.id}/reviews/${lastMonth}`);
  await page.getByRole("button", { name: "Start the review" }).click();
  await writeDraft(page, "Pilots are slow to sign.");
  await publish(page);

  // The canvas changes after last month's review.
  await page.goto(`/vbus/${vbu.id}`);
  await page.getByLabel("Primary focus").fill("Sign the second pilot");
  await page.getByRole("button", { name: "Save canvas" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Canvas saved." })).toBeVisible();
  await page.getByRole("button", { name: `Edit proof point: ${description}` }).click();
  const edit = page.getByRole("form", { name: "Edit proof point" });
  await edit.getByLabel("Status").selectOption({ label: "Observed" });
  await edit.getByRole("button", { name: "Save proof point" }).click();
  await expect(edit).toHaveCount(0);

  // The draft shows the change live, and the published review keeps it.
  await page.goto(`/vbus/${vbu.id}/reviews/${thisMonth}`);
  await page.getByRole("button", { name: "Start the review" }).click();
  const changes = page.getByRole("region", { name: /What changed since/ });
  await expect(changes).toContainText(`the ${formatReviewMonth(lastMonth)} review`);
  await expect(changes).toContainText("Primary focus");
  await expect(changes).toContainText("In progress → Observed");
  await writeDraft(page, "The second pilot signed.", "On track");
  await publish(page);
  await expect(changes).toContainText("In progress → Observed");
  await expect(changes.getByRole("link", { name: `the ${formatReviewMonth(lastMonth)} review` })).toBeVisible();
});

test("a draft saved meanwhile by an admin keeps the GM's input, and the GM chooses per field", async ({ browser }) => {
  const vbu = await createVbu(DEMO.gm.email);
  const gm = await (await browser.newContext()).newPage();
  const admin = await (await browser.newContext()).newPage();
  await signIn(gm, "gm", `/vbus/${vbu.id}/reviews/${thisMonth}`);
  await gm.getByRole("button", { name: "Start the review" }).click();
  await expect(gm.getByRole("heading", { name: "Your draft" })).toBeVisible();
  await signIn(admin, "admin", `/vbus/${vbu.id}/reviews/${thisMonth}`);

  await admin.getByLabel("What we learned").fill("Learned, as the admin put it");
  await admin.getByLabel("Next month's focus").fill("A focus only the admin wrote");
  await admin.getByRole("button", { name: "Save draft" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "Draft saved." })).toBeVisible();

  await gm.getByLabel("What we learned").fill("Learned, as the GM put it");
  await gm.getByRole("button", { name: "Save draft" }).click();
  await expect(gm.getByRole("alert").filter({ hasText: "Someone else changed this review" })).toBeVisible();
  const panel = gm.getByRole("region", { name: "Changes saved meanwhile" });
  await expect(panel.getByRole("heading", { name: /^Morgan Ellis saved this review at / })).toBeFocused();
  await expect(panel.getByRole("list", { name: "Taken from the other save" })).toContainText(
    "A focus only the admin wrote",
  );
  const learned = panel.getByRole("list", { name: "Changed by both" }).getByRole("listitem");
  await expect(learned.getByRole("definition")).toHaveText([
    "Learned, as the GM put it",
    "Learned, as the admin put it",
  ]);
  await learned.getByRole("button", { name: "Keep mine" }).click();
  await gm.getByRole("button", { name: "Save draft" }).click();
  await expect(gm.getByRole("status").filter({ hasText: "Draft saved." })).toBeVisible();

  await admin.reload();
  await expect(admin.getByLabel("What we learned")).toHaveValue("Learned, as the GM put it");
  await expect(admin.getByLabel("Next month's focus")).toHaveValue("A focus only the admin wrote");
});

test("a malformed or impossible month answers 404; a month without a review says so", async ({ page }) => {
  const vbu = await createVbu(DEMO.gm.email);
  await signIn(page, "viewer", `/vbus/${vbu.id}/reviews`);
  for (const month of ["2026-13", "2026-00", "2026-1", "26-11", "2026-11-01", "..%2F2026-11", "9999-01"]) {
    expect((await page.goto(`/vbus/${vbu.id}/reviews/${month}`))?.status(), month).toBe(404);
    expect((await page.goto(`/reviews/${month}`))?.status(), month).toBe(404);
  }
  expect((await page.goto(`/vbus/not-a-uuid/reviews/${lastMonth}`))?.status()).toBe(404);
  await page.goto(`/vbus/${vbu.id}/reviews/2024-11`);
  await expect(page.getByText("No review for November 2024")).toBeVisible();
  // A viewer may not start one.
  await expect(page.getByRole("button", { name: "Start the review" })).toHaveCount(0);
});
