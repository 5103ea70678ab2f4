// The sign-in limits on a fresh production worker whose first request was an evidence
// download: route handlers and pages are bundled apart, and whichever bundle first builds
// what is shared on globalThis (the auth object, the storage) must not switch the limits off.
import { sql } from "drizzle-orm";
import { queryRows } from "../../db/scratch";
import { DEMO, DEMO_PASSWORD } from "../support";
import { expect, type ProductionServer, test } from "./server";
import type { Page } from "@playwright/test";

async function firstRequestIsADownload(page: Page) {
  const response = await page.request.get("/api/attachments/00000000-0000-4000-8000-000000000000");
  expect(response.status()).toBe(404); // no session: answered as if nothing were there
}

/** Submits the form the button belongs to and waits for the server's answer. */
async function submit(page: Page, button: string) {
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.getByRole("button", { name: button }).click(),
  ]);
}

async function failuresOf(server: ProductionServer, email: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    server.database.db,
    sql`SELECT count(*)::int AS n FROM sign_in_failures WHERE key = ${`email:${email}`}`,
  );
  return row!.n;
}

test("six wrong passwords after a download: the sixth is refused by the limit", async ({ page, server }) => {
  await firstRequestIsADownload(page);
  await page.goto("/sign-in");
  for (let attempt = 1; attempt <= 6; attempt++) {
    await page.getByLabel("Email").fill(DEMO.viewer.email);
    await page.getByLabel("Password").fill(`wrong-password-${attempt}`);
    await submit(page, "Sign in");
    const expected =
      attempt <= 5
        ? "Email or password is incorrect, or the account is disabled."
        : "Too many failed sign-ins. Wait 15 minutes and try again.";
    await expect(page.getByRole("alert").filter({ hasText: expected })).toBeVisible();
    expect(await failuresOf(server, DEMO.viewer.email)).toBe(Math.min(attempt, 5));
  }
  // The right password is refused too until the window has passed.
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "Too many failed sign-ins. Wait 15 minutes and try again." }),
  ).toBeVisible();
  expect(server.output()).not.toMatch(/uncaught|unhandled/i);
});

test("six wrong current passwords after a download: the sixth is refused by the limit", async ({ page, server }) => {
  await firstRequestIsADownload(page);
  await page.goto("/sign-in?next=%2Faccount%2Fpassword");
  await page.getByLabel("Email").fill(DEMO.viewer.email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/password/i);
  for (let attempt = 1; attempt <= 6; attempt++) {
    await page.getByLabel("Current password").fill(`wrong-password-${attempt}`);
    await page.getByLabel("New password", { exact: true }).fill("a-brand-new-password-1");
    await page.getByLabel("New password again").fill("a-brand-new-password-1");
    await submit(page, "Change password");
    if (attempt <= 5) {
      await expect(page.getByText("That is not your current password.")).toBeVisible();
    } else {
      await expect(
        page.getByRole("alert").filter({ hasText: "Too many wrong passwords. Wait 15 minutes and try again." }),
      ).toBeVisible();
    }
    expect(await failuresOf(server, DEMO.viewer.email)).toBe(Math.min(attempt, 5));
  }
  expect(server.output()).not.toMatch(/uncaught|unhandled/i);
});
