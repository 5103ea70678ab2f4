import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { openDatabase } from "../db/client";
import { emails } from "../db/schema";
import { uniqueTag } from "../tests/factories";
import { signIn } from "./support";

// Notification settings and the outbox from the outside, by role and label: a viewer opens
// Notification settings from the header, chooses the daily digest for mentions, a time zone and
// the weekly digest, saves, and finds them kept after a reload; a GM is not offered the weekly
// digest; an admin reads the outbox and one email, its HTML in a sandboxed frame. The time zone
// is a list of the zones the server knows, so the page cannot send an unknown one: that refusal,
// on its field, is in tests/mail/preferences.test.ts.

/** An email kept in the outbox (as without SMTP_URL), written into the run's PostgreSQL database. */
async function keptEmail(subject: string): Promise<void> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set: run through `npm run test:e2e`");
  const database = openDatabase({ url });
  try {
    await database.db.insert(emails).values({
      toAddress: "victor.hale@canvas.example",
      kind: "notification",
      dedupeKey: `e2e:${randomUUID()}`,
      subject,
      textBody: `${subject}\n\nOpen it in Canvas`,
      htmlBody: `<!doctype html><p>Quoted in the HTML of ${subject}</p><script>document.body.dataset.ran = "yes"</script>`,
      unsubscribeUrl: "http://127.0.0.1/unsubscribe?t=e2e",
      status: "kept",
    });
  } finally {
    await database.close();
  }
}

test("a viewer chooses the daily digest for mentions, a time zone and the weekly digest; a reload shows them kept", async ({
  page,
}) => {
  await signIn(page, "viewer", "/notifications");
  // Reached from the notifications page, and from the header's account links.
  await page.getByRole("main").getByRole("link", { name: "Notification settings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Notification settings" })).toBeVisible();
  await page.goto("/");
  await page.getByRole("banner").getByRole("link", { name: "Notification settings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Notification settings" })).toBeVisible();

  const mentions = page.getByLabel("Someone mentions you", { exact: true });
  const zone = page.getByLabel("Time zone", { exact: true });
  const weekly = page.getByLabel("Weekly portfolio digest", { exact: true });
  await mentions.selectOption({ label: "Daily digest email" });
  await zone.selectOption("Europe/Paris");
  await weekly.check();
  await page.getByRole("button", { name: "Save notification settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Notification settings saved." })).toBeVisible();

  await page.reload();
  await expect(mentions).toHaveValue("digest");
  await expect(mentions.locator("option:checked")).toHaveText("Daily digest email");
  await expect(zone).toHaveValue("Europe/Paris");
  await expect(weekly).toBeChecked();
  // A kind left as it was keeps its default.
  await expect(page.getByLabel("A reply in a thread you wrote in", { exact: true })).toHaveValue("in_app");
});

test("a GM is not offered the weekly portfolio digest", async ({ page }) => {
  await signIn(page, "gm", "/account/notifications");
  await expect(page.getByRole("heading", { level: 1, name: "Notification settings" })).toBeVisible();
  await expect(page.getByLabel("Someone mentions you", { exact: true })).toBeVisible();
  await expect(page.getByLabel("Weekly portfolio digest")).toHaveCount(0);
});

test("an admin reads the outbox and one email, its HTML sandboxed; a viewer gets a 404", async ({ page, browser }) => {
  const subject = `Outbox email ${uniqueTag()}`;
  await keptEmail(subject);
  await signIn(page, "admin");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Outbox" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Outbox" })).toBeVisible();
  // The browser tests' servers have no SMTP server unless whoever runs them set one.
  if (!process.env.SMTP_URL) {
    await expect(page.getByText("Emails are kept here because SMTP_URL is not set")).toBeVisible();
  }
  const row = page.getByRole("row").filter({ hasText: subject });
  await expect(row).toContainText("victor.hale@canvas.example");
  await expect(row).toContainText("Kept (no SMTP server)");

  await row.getByRole("link", { name: subject }).click();
  await expect(page.getByRole("heading", { level: 1, name: subject })).toBeVisible();
  await expect(page.getByText("List-Unsubscribe-Post")).toBeVisible();
  await expect(page.locator("pre")).toContainText("Open it in Canvas");
  const frame = page.getByTitle(`The HTML of “${subject}”`);
  await expect(frame).toHaveAttribute("sandbox", "");
  const html = frame.contentFrame();
  await expect(html.getByText(`Quoted in the HTML of ${subject}`)).toBeVisible();
  await expect(html.locator("body")).not.toHaveAttribute("data-ran", "yes"); // no script runs in it

  const viewer = await (await browser.newContext()).newPage();
  await signIn(viewer, "viewer");
  expect((await viewer.goto("/admin/outbox"))?.status()).toBe(404);
});
