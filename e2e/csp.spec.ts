import { expect, type Page, test } from "@playwright/test";
import { createVbu } from "./fixtures";
import { DEMO, signIn } from "./support";

// The Content-Security-Policy stays strict (no 'unsafe-eval', lib/security/headers.ts), and the
// pages live within it: nothing they run is refused. zod once probed `new Function("")` as soon
// as a form's schema was built in the browser, which the policy refused and reported on every
// editor page (lib/zod.ts turns the probe off).

/** Records every violation the page reports, from before its first script runs. */
async function recordViolations(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener("securitypolicyviolation", (event) =>
      seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`),
    );
  });
  return () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
}

test("a GM's canvas editor runs within the CSP: loading, typing and a refused form report no violation", async ({
  page,
}) => {
  const violations = await recordViolations(page);
  const vbu = await createVbu(DEMO.gm.email);
  await signIn(page, "gm", `/vbus/${vbu.id}`);
  await expect(page.getByRole("button", { name: "Save canvas" })).toBeEnabled();

  await page.getByLabel("Product name").fill("x".repeat(256));
  await page.getByRole("button", { name: "Save canvas" }).click();
  await expect(page.getByText("Keep it to 255 characters or fewer.")).toBeVisible();
  await page.getByRole("form", { name: "Add a thesis" }).getByRole("textbox").fill("   ");
  await page.getByRole("button", { name: "Add thesis" }).click();
  await expect(page.getByText("Enter the thesis.")).toBeVisible();

  expect(await violations()).toEqual([]);
});

test("the board and the sign-in form run within the CSP", async ({ page }) => {
  const violations = await recordViolations(page);
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter your password.")).toBeVisible();
  expect(await violations()).toEqual([]);
  await signIn(page, "admin");
  await page.getByRole("button", { name: "Move to another lane (Harbor Logistics)" }).click();
  await expect(page.getByLabel("Move to lane (Harbor Logistics)")).toBeFocused();
  expect(await violations()).toEqual([]);
});
