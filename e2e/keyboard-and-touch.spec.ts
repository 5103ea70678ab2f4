import { randomUUID } from "node:crypto";
import { expect, type Locator, type Page, test } from "@playwright/test";
import { createVbu } from "./fixtures";
import { DEMO, signIn } from "./support";

// Keyboard: a skip link first in tab order takes the keyboard past the header to the page, and
// whatever has the keyboard's focus shows a ring. Touch: on a phone, every control of the header
// and the board is at least 44×44 CSS px, and the role badge stays whole beside the name.

/** The focused element's outline, as drawn. */
const outlineOf = (page: Page) =>
  page.evaluate(() => {
    const style = getComputedStyle(document.activeElement!);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });

test.describe("on a desktop", () => {
  test("the first Tab reaches the skip link, which is seen, and Enter puts the keyboard in the page", async ({
    page,
  }) => {
    await signIn(page, "viewer");
    await page.goto("/board");
    const skip = page.getByRole("link", { name: "Skip to main content" });
    await page.keyboard.press("Tab");
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    expect((await skip.boundingBox())!.height).toBeGreaterThan(20);
    await page.keyboard.press("Enter");
    await expect(page.getByRole("main")).toBeFocused();
    // The next Tab goes on from the page, not from the header: the page's links, then its search.
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Trends for these VBUs" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Export…" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(page.getByRole("searchbox", { name: "Search by name" })).toBeFocused();
  });

  test("a focused link, button and field show a focus ring", async ({ page }) => {
    await page.goto("/sign-in");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to main content" })).toBeFocused();
    expect(await outlineOf(page)).toMatchObject({ style: "solid", width: expect.any(Number) });
    await signIn(page, "admin");
    for (const control of [
      page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Board" }),
      page.getByRole("button", { name: "Sign out" }),
      page.getByRole("searchbox", { name: "Search by name" }),
      page.getByRole("button", { name: "Apply filters" }),
      page.getByRole("link", { name: "Harbor Logistics", exact: true }),
      page.getByRole("button", { name: "Move to another lane (Harbor Logistics)" }),
    ]) {
      await control.focus();
      await page.keyboard.press("Shift+Tab");
      await page.keyboard.press("Tab");
      await expect(control).toBeFocused();
      const outline = await outlineOf(page);
      expect(outline.style).not.toBe("none");
      expect(outline.width).toBeGreaterThanOrEqual(2);
    }
  });
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  /** Every visible control in these places, with the size a finger gets (a checkbox's is its label's). */
  async function tooSmall(page: Page, places: Locator[]) {
    const small: string[] = [];
    for (const place of places) {
      for (const control of await place
        .locator("a, button, input:not([type=hidden]):not([type=checkbox]), select, label:has(input[type=checkbox])")
        .all()) {
        if (!(await control.isVisible())) continue;
        const box = (await control.boundingBox())!;
        if (box.width < 44 || box.height < 44) {
          small.push(
            `${(await control.textContent())?.trim() || (await control.getAttribute("name"))}: ${box.width}×${box.height}`,
          );
        }
      }
    }
    return small;
  }

  test("the header and the board's controls are at least 44×44, and the role badge stays on one line", async ({
    page,
  }) => {
    expect(await page.evaluate(() => matchMedia("(pointer: coarse)").matches)).toBe(true);
    const tag = randomUUID().slice(0, 8);
    for (let n = 1; n <= 9; n++) await createVbu(DEMO.gm.email, `Crowded ${tag} ${n}`, "milk");
    await signIn(page, "gm", `/board?q=${tag}`);
    await expect(page.getByRole("link", { name: `Show all 9 in Milk` })).toBeVisible();
    await expect(page.getByRole("checkbox", { name: "Only my VBUs" })).toBeVisible();
    expect(await tooSmall(page, [page.getByRole("banner"), page.getByRole("main")])).toEqual([]);

    // "General manager" is one piece beside the name, not broken over two lines.
    const signedIn = page.getByLabel("Signed in as");
    const name = (await signedIn.getByText(DEMO.gm.name).boundingBox())!;
    const badge = (await signedIn.getByText(DEMO.gm.role).boundingBox())!;
    expect(badge.height).toBeLessThan(28);
    expect(Math.abs(badge.y + badge.height / 2 - (name.y + name.height / 2))).toBeLessThan(6);
  });

  test("an admin's lane controls and the sign-in form are at least 44×44 too", async ({ page }) => {
    await page.goto("/sign-in");
    expect(await tooSmall(page, [page.getByRole("main")])).toEqual([]);
    const vbu = await createVbu(DEMO.gm.email);
    await signIn(page, "admin", `/board?q=${encodeURIComponent(vbu.name)}`);
    await page.getByRole("button", { name: `Move to another lane (${vbu.name})` }).click();
    await expect(page.getByLabel(`Move to lane (${vbu.name})`)).toBeFocused();
    expect(await tooSmall(page, [page.getByRole("banner"), page.getByRole("main")])).toEqual([]);
  });
});
