import { expect, test } from "@playwright/test";
import { uniqueTag } from "../tests/factories";
import { createProofPoint, createVbu } from "./fixtures";
import { DEMO, signIn } from "./support";

// Comments and notifications from the outside, by role and label: a viewer asks on a proof point
// and mentions its GM with the @ picker; the GM sees the bell's count, opens the notification and
// lands on the thread; the GM replies, and the viewer is told. Other tests share the demo people:
// counts are read as "some unread", and each notification is found by its own VBU's name.

const UNREAD = /^Notifications: (\d+|99\+) unread$/;

test("a viewer mentions the GM on a proof point; the GM opens it from the bell and replies; the viewer is told", async ({
  browser,
}) => {
  // Two people, each signing in, and a dozen page loads between them: 20-30 s on a loaded machine.
  test.setTimeout(60_000);
  const vbu = await createVbu(DEMO.gm.email, `Comment VBU ${uniqueTag()}`);
  const point = await createProofPoint(vbu.id, "Pilot customers renew without a discount");

  const viewer = await (await browser.newContext()).newPage();
  await signIn(viewer, "viewer", `/vbus/${vbu.id}`);
  await viewer.getByRole("link", { name: `Comments on ${point.description}` }).click();
  await expect(viewer.getByRole("heading", { name: "Comments", level: 1 })).toBeVisible();
  await expect(viewer.getByText("No comments yet.")).toBeVisible();
  const box = viewer.getByLabel("Your comment");
  await box.fill("@Ana");
  await viewer.getByRole("button", { name: "Mention Ana Silva" }).click();
  await expect(box).toHaveValue("@Ana Silva ");
  await box.pressSequentially("which customers renewed?");
  await expect(viewer.getByText("Mentioning: Ana Silva")).toBeVisible();
  await viewer.getByRole("button", { name: "Post comment" }).click();
  await expect(viewer.getByRole("status").filter({ hasText: "Comment posted." })).toBeVisible();
  await expect(viewer.getByRole("listitem").filter({ hasText: "@Ana Silva which customers renewed?" })).toBeVisible();
  await expect(box).toHaveValue("");

  const gm = await (await browser.newContext()).newPage();
  await signIn(gm, "gm");
  const bell = gm.getByRole("link", { name: UNREAD });
  await expect(bell).toBeVisible();
  await bell.click();
  await expect(gm.getByRole("heading", { name: "Notifications" })).toBeVisible();
  await gm
    .getByRole("button", { name: `Victor Hale mentioned you on ${vbu.name}: ${point.description}`, exact: true })
    .click();
  await expect(gm).toHaveURL(new RegExp(`/vbus/${vbu.id}/comments\\?on=proof_point&id=${point.proofPointId}#comment-`));
  await expect(gm.getByRole("listitem").filter({ hasText: "@Ana Silva which customers renewed?" })).toBeVisible();
  // Opened, it is read.
  await gm.goto("/notifications");
  await expect(
    gm.getByRole("button", { name: `Victor Hale mentioned you on ${vbu.name}: ${point.description}`, exact: true }),
  ).toBeVisible();
  await expect(gm.getByRole("button", { name: `Mark read: Victor Hale mentioned you on ${vbu.name}` })).toHaveCount(0);

  await gm.goBack();
  await gm.getByLabel("Your comment").fill("Northwind and Contoso, both at full price.");
  await gm.getByRole("button", { name: "Post comment" }).click();
  await expect(gm.getByRole("status").filter({ hasText: "Comment posted." })).toBeVisible();

  await viewer.goto("/notifications");
  await expect(viewer.getByRole("link", { name: UNREAD })).toBeVisible();
  const reply = viewer.getByRole("button", {
    name: `Ana Silva replied on ${vbu.name}: ${point.description}`,
    exact: true,
  });
  await expect(reply).toBeVisible();
  await reply.click();
  await expect(
    viewer.getByRole("listitem").filter({ hasText: "Northwind and Contoso, both at full price." }),
  ).toBeVisible();
});

test("a comment that is too long is refused on its field, and the text is kept to fix", async ({ page }) => {
  const vbu = await createVbu(DEMO.gm.email, `Refusal VBU ${uniqueTag()}`);
  await signIn(page, "gm", `/vbus/${vbu.id}/comments`);
  const box = page.getByLabel("Your comment");
  await box.fill("x".repeat(5001));
  await page.getByRole("button", { name: "Post comment" }).click();
  await expect(page.getByText("Keep it to 5000 characters or fewer.")).toBeVisible();
  await expect(box).toHaveAttribute("aria-invalid", "true");
  await expect(box).toHaveValue("x".repeat(5001));
  await box.fill("Fine now.");
  await page.getByRole("button", { name: "Post comment" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: "Fine now." })).toBeVisible();
});
