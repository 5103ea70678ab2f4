import { expect, test } from "@playwright/test";
import { signIn } from "./support";

const unique = () => Math.random().toString(36).slice(2, 8);

test("an admin creates a user who can then sign in", async ({ page, browser }) => {
  const email = `new-gm-${unique()}@canvas.example`;
  await signIn(page, "admin");
  await page.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Nadia Novak");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption("gm");
  await page.getByLabel("Temporary password").fill("short");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByText("Use at least 12 characters.")).toBeVisible();

  await page.getByLabel("Temporary password").fill("nadia-temporary-1");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("status").filter({ hasText: `can now sign in as ${email}` })).toBeVisible();
  await expect(page.getByRole("row", { name: /Nadia Novak/ }).first()).toContainText(email);

  const other = await browser.newContext();
  const newcomer = await other.newPage();
  await newcomer.goto("/sign-in");
  await newcomer.getByLabel("Email").fill(email);
  await newcomer.getByLabel("Password").fill("nadia-temporary-1");
  await newcomer.getByRole("button", { name: "Sign in" }).click();
  // A temporary password must be replaced first.
  await expect(
    newcomer.getByText("You signed in with a temporary password. Choose your own to continue."),
  ).toBeVisible();
  await newcomer.getByLabel("Current password").fill("nadia-temporary-1");
  await newcomer.getByLabel("New password", { exact: true }).fill("nadia-own-password");
  await newcomer.getByLabel("New password again").fill("nadia-own-password");
  await newcomer.getByRole("button", { name: "Change password" }).click();
  await expect(newcomer.getByRole("heading", { level: 1, name: "Board" })).toBeVisible();
  await expect(newcomer.getByLabel("Signed in as")).toHaveText("Nadia Novak General manager");
  await other.close();
});

test("deleting a user who is still a GM is refused with the reason", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto("/admin/users");
  const row = page.getByRole("row", { name: /Ben Okafor/ });
  await row.getByRole("button", { name: "Delete" }).click();
  await row.getByRole("button", { name: "Yes, delete" }).click();
  await expect(row.getByRole("alert")).toHaveText(
    /still GM of \d+ VBUs\. Reassign them to another GM, or disable the user instead\./,
  );
});

test("an admin creates, renames and deletes a VBU, confirming what goes with it", async ({ page }) => {
  const name = `Orbit ${unique()}`;
  await signIn(page, "admin");
  await page.getByRole("link", { name: "VBUs", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "VBUs" })).toBeVisible();
  await page.getByLabel("VBU name").fill(name);
  await page.getByLabel("General manager").selectOption({ label: "Chloé Martin" });
  await page.getByLabel("Lifecycle lane").selectOption("reframe");
  await page.getByRole("button", { name: "Create VBU" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${name} created.` })).toBeVisible();

  const renamed = `${name} Labs`;
  const row = page.getByRole("row", { name: new RegExp(name) });
  await row.getByLabel(`Name of ${name}`).fill(renamed);
  await row.getByRole("button", { name: "Rename" }).click();
  await expect(page.getByRole("rowheader", { name: renamed })).toBeVisible();

  await page.goto("/");
  await expect(page.getByRole("region", { name: /^Reframe/ }).getByRole("link", { name: renamed })).toBeVisible();

  await page.goto("/admin/vbus");
  await page.getByRole("link", { name: `Delete ${renamed}` }).click();
  await expect(page.getByRole("heading", { name: `Delete ${renamed}?` })).toBeVisible();
  await expect(page.getByText("0 theses")).toBeVisible();
  await page.getByRole("button", { name: `Delete ${renamed}` }).click();
  await expect(page.getByRole("status").filter({ hasText: `${renamed} was deleted.` })).toBeVisible();
  // The notice comes from the server's signed link only: a link anyone wrote shows nothing.
  await page.goto(`/admin/vbus?deleted=${encodeURIComponent("<script>Evil")}`);
  await expect(page.getByRole("heading", { name: "VBUs", level: 1 })).toBeVisible();
  await expect(page.getByText("Evil")).toHaveCount(0);
  await expect(page.getByRole("rowheader", { name: renamed })).toHaveCount(0);
});
