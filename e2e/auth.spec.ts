import { expect, test } from "@playwright/test";
import { sessionAddress } from "./fixtures";
import { DEMO, DEMO_PASSWORD, signIn } from "./support";

test("a visitor who is not signed in is sent to sign-in, and comes back after @smoke", async ({ page }) => {
  await page.goto("/admin/vbus");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fadmin%2Fvbus/);
  await page.getByLabel("Email").fill(DEMO.admin.email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "VBUs" })).toBeVisible();
});

test("a wrong password gets a clear error and no session", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(DEMO.viewer.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "Email or password is incorrect, or the account is disabled." }),
  ).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("the form says which field is wrong before sending anything", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("not an email");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByText("Enter your password.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
});

for (const [who, nav] of [
  ["admin", ["Board", "Reviews", "Trends", "VBUs", "Users", "Outbox"]],
  ["gm", ["Board", "Reviews", "Trends"]],
  ["viewer", ["Board", "Reviews", "Trends"]],
] as const) {
  test(`${who} sees who is signed in, their role, and only their navigation`, async ({ page }) => {
    await signIn(page, who);
    await expect(page.getByLabel("Signed in as")).toHaveText(`${DEMO[who].name} ${DEMO[who].role}`);
    const links = page.getByRole("navigation", { name: "Main" }).getByRole("link");
    await expect(links).toHaveText([...nav]);
  });
}

for (const who of ["gm", "viewer"] as const) {
  test(`${who} gets a 404 for the admin pages`, async ({ page }) => {
    await signIn(page, who);
    for (const path of ["/admin/users", "/admin/vbus", "/admin/outbox"]) {
      const response = await page.goto(path);
      expect(response?.status()).toBe(404);
    }
  });
}

test("signing out ends the session", async ({ page, context }) => {
  await signIn(page, "viewer");
  const cookies = await context.cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  // Replaying the old cookie gets nothing.
  await context.addCookies(cookies);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("every page answers with the security headers", async ({ page }) => {
  const response = await page.goto("/sign-in");
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
});

test("the session cookie is HttpOnly, SameSite=Lax, Secure and __Host- in production", async ({ page, context }) => {
  await signIn(page, "viewer");
  const session = (await context.cookies()).find((c) => c.name.endsWith("session_token"));
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: true, path: "/" });
  expect(session?.name.startsWith("__Host-")).toBe(true); // e2e/production/security.spec.ts checks the header itself
});

test("a sign-in counts against the address it really came from, not one the client writes in a header", async ({
  browser,
}) => {
  const context = await browser.newContext({
    extraHTTPHeaders: { "x-forwarded-for": "203.0.113.9", "x-canvas-client-address": "203.0.113.10" },
  });
  const page = await context.newPage();
  await signIn(page, "viewer");
  const session = (await context.cookies()).find((c) => c.name.endsWith("session_token"));
  expect(await sessionAddress(session!.value)).toBe("127.0.0.1");
  await context.close();
});
