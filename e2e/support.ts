import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "canvas-demo-password";
export const DEMO = {
  admin: { email: "morgan.ellis@canvas.example", name: "Morgan Ellis", role: "Admin" },
  gm: { email: "ana.silva@canvas.example", name: "Ana Silva", role: "General manager" },
  viewer: { email: "victor.hale@canvas.example", name: "Victor Hale", role: "Viewer" },
} as const;

/** Signs in through the form and waits for the page it was sent to (the board, unless told). */
export async function signIn(page: Page, who: keyof typeof DEMO, next = "/") {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(DEMO[who].email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Signed in as")).toContainText(DEMO[who].name);
}

/**
 * Holds back the page's scripts (as a slow connection would) until the answered function is
 * called: what the server rendered is there, and React has not hydrated it.
 */
export async function holdScripts(page: Page): Promise<() => void> {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/_next/static/chunks/**", async (route) => {
    await released;
    await route.continue();
  });
  return release;
}
