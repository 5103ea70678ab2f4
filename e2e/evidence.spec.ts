import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import sharp from "sharp";
import { createProofPoint, createVbu } from "./fixtures";
import { DEMO, signIn } from "./support";

// A 1×1 PNG, and a PDF padded to 6 MB so that a throttled upload shows its progress.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
const PDF = Buffer.concat([
  Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"),
  Buffer.alloc(6 * 1024 * 1024, 0x20),
  Buffer.from("\n%%EOF\n"),
]);

// A photo-sized PNG of noise (about 1.4 MB: noise does not compress), made by the same sharp
// the server uses.
const LARGE_PNG = await sharp({
  create: {
    width: 800,
    height: 600,
    channels: 3,
    background: "#888",
    noise: { type: "gaussian", mean: 128, sigma: 40 },
  },
})
  .png({ compressionLevel: 1 })
  .toBuffer();

/** A proof point's row on the editor's canvas (not its thesis, which holds the same text). */
const proofPoint = (page: Page, description: string) =>
  page.getByRole("list", { name: "Proof points" }).getByRole("listitem").filter({ hasText: description });

test("a GM uploads a PDF and an image with a label, sees the progress and the thumbnail, downloads and deletes", async ({
  page,
}) => {
  const vbu = await createVbu(DEMO.gm.email);
  const { description } = await createProofPoint(vbu.id);
  await signIn(page, "gm", `/vbus/${vbu.id}`);
  const point = proofPoint(page, description);

  // The upload form opens on demand, with the keyboard on the file; Close puts it back.
  const addEvidence = point.getByRole("button", { name: `Add evidence to proof point: ${description}` });
  await expect(point.getByRole("form", { name: "Upload evidence" })).toHaveCount(0);
  await addEvidence.click();
  await expect(point.getByLabel("Evidence file", { exact: true })).toBeFocused();
  await point.getByRole("button", { name: "Close" }).click();
  await expect(point.getByRole("form", { name: "Upload evidence" })).toHaveCount(0);
  await expect(addEvidence).toBeFocused();
  await addEvidence.click();

  // Slow the upload down (2 MB/s) so the progress bar is there to see.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 2 * 1024 * 1024,
  });
  await point
    .getByLabel("Evidence file", { exact: true })
    .setInputFiles({ name: "Pilot results.pdf", mimeType: "application/pdf", buffer: PDF });
  await point.getByLabel("Label (optional)").fill("Signed pilot report");
  await point.getByRole("button", { name: "Upload" }).click();
  const progress = point.getByRole("progressbar", { name: "Upload progress" });
  await expect(progress).toBeVisible();
  await expect(point.getByRole("status").filter({ hasText: "Pilot results.pdf uploaded." })).toBeVisible({
    timeout: 20_000,
  });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });

  const files = point.getByRole("list", { name: "Evidence files" });
  await expect(files.getByRole("link", { name: "Pilot results.pdf" })).toBeVisible();
  await expect(files.getByText("Signed pilot report")).toBeVisible();
  await expect(files.getByText(/6\.0 MB · Ana Silva/)).toBeVisible();

  await point
    .getByLabel("Evidence file", { exact: true })
    .setInputFiles({ name: "whiteboard.png", mimeType: "image/png", buffer: PNG });
  await point.getByRole("button", { name: "Upload" }).click();
  // The stored 96 px thumbnail (twice its 48 px on screen), not the 1 px file itself.
  await expect(files.getByRole("img", { name: "Thumbnail of whiteboard.png" })).toBeVisible();
  await expect
    .poll(() =>
      files
        .getByRole("img", { name: "Thumbnail of whiteboard.png" })
        .evaluate((img: HTMLImageElement) => img.naturalWidth),
    )
    .toBe(96);

  // A file that only pretends to be an image is refused with a clear message.
  await point.getByLabel("Evidence file", { exact: true }).setInputFiles({
    name: "fake.png",
    mimeType: "image/png",
    buffer: Buffer.from("<html><script>alert(1)</script></html>"),
  });
  await point.getByRole("button", { name: "Upload" }).click();
  await expect(point.getByRole("alert")).toContainText("not a PNG, JPEG, GIF, PDF, CSV or XLSX file");

  // A name with a right-to-left override (shown as "invoicegnp.pdf") is refused before a byte is sent.
  const uploads: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "POST" && r.url().includes("/attachments")) uploads.push(r.url());
  });
  await point
    .getByLabel("Evidence file", { exact: true })
    .setInputFiles({ name: "invoice\u202Efdp.png", mimeType: "image/png", buffer: PNG });
  await point.getByRole("button", { name: "Upload" }).click();
  await expect(point.getByRole("alert")).toContainText("hidden character (U+202E)");
  expect(uploads).toEqual([]);

  const downloading = page.waitForEvent("download");
  await files.getByRole("link", { name: "Pilot results.pdf" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("Pilot results.pdf");
  expect((await readFile(await download.path())).equals(PDF)).toBe(true);

  // The label is edited on demand: too long is refused at the field, then saved and shown.
  const editLabel = files.getByRole("button", { name: "Edit label of Pilot results.pdf" });
  await editLabel.click();
  const labelField = files.getByRole("textbox", { name: "Label of Pilot results.pdf" });
  await expect(labelField).toBeFocused();
  await expect(labelField).toHaveValue("Signed pilot report");
  await labelField.fill("x".repeat(256));
  await files.getByRole("button", { name: "Save label" }).click();
  await expect(files.getByText("Keep it to 255 characters or fewer.")).toBeVisible();
  await labelField.fill("Pilot report, countersigned");
  await files.getByRole("button", { name: "Save label" }).click();
  await expect(files.getByRole("status").filter({ hasText: "Label saved." })).toBeVisible();
  await expect(files.getByText("Pilot report, countersigned")).toBeVisible();
  await expect(editLabel).toBeFocused();

  await files.getByRole("button", { name: "Delete Pilot results.pdf" }).click();
  await files.getByRole("button", { name: "Yes, delete" }).click();
  await expect(files.getByRole("link", { name: "Pilot results.pdf" })).toHaveCount(0);
  await expect(files.getByRole("link", { name: "whiteboard.png" })).toBeVisible();
});

test("the canvas page loads an image's small thumbnail, never the whole file", async ({ page }) => {
  const vbu = await createVbu(DEMO.gm.email);
  const { description } = await createProofPoint(vbu.id, "Thumbnail proof");
  await signIn(page, "gm", `/vbus/${vbu.id}`);
  const point = proofPoint(page, description);
  await point.getByRole("button", { name: /^Add evidence/ }).click();
  await point
    .getByLabel("Evidence file", { exact: true })
    .setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: LARGE_PNG });
  await point.getByRole("button", { name: "Upload" }).click();
  await expect(point.getByRole("status").filter({ hasText: "photo.png uploaded." })).toBeVisible();

  // A fresh load, as any reader's: every image the page fetched, and how many bytes each was.
  const images: { url: string; bytes: number }[] = [];
  page.on("requestfinished", async (request) => {
    if (request.resourceType() !== "image") return;
    const sizes = await request.sizes();
    images.push({ url: new URL(request.url()).pathname, bytes: sizes.responseBodySize });
  });
  await page.reload();
  const thumbnail = proofPoint(page, description).getByRole("img", { name: "Thumbnail of photo.png" });
  await thumbnail.scrollIntoViewIfNeeded();
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(96);
  const src = await thumbnail.getAttribute("src");
  expect(src).toMatch(/^\/api\/attachments\/[0-9a-f-]{36}\/thumbnail$/);
  const download = src!.replace(/\/thumbnail$/, "");
  await expect(proofPoint(page, description).getByRole("link", { name: "photo.png" })).toHaveAttribute(
    "href",
    download,
  );
  await expect.poll(() => images.map((i) => i.url)).toContain(src);
  expect(images.map((i) => i.url)).not.toContain(download);
  expect(images.find((i) => i.url === src)!.bytes).toBeLessThan(16 * 1024);
});

test("a viewer sees and downloads evidence but cannot upload, relabel or delete", async ({ page }) => {
  const vbu = await createVbu(DEMO.gm.email);
  const { description } = await createProofPoint(vbu.id, "Viewer-visible proof");
  // The GM uploads first, through the page.
  await signIn(page, "gm", `/vbus/${vbu.id}`);
  const gmPoint = proofPoint(page, description);
  await gmPoint.getByRole("button", { name: /^Add evidence/ }).click();
  await gmPoint
    .getByLabel("Evidence file", { exact: true })
    .setInputFiles({ name: "numbers.csv", mimeType: "text/csv", buffer: Buffer.from("month,calls\n2026-10,312\n") });
  await gmPoint.getByRole("button", { name: "Upload" }).click();
  await expect(gmPoint.getByRole("link", { name: "numbers.csv" })).toBeVisible();
  await page.context().clearCookies();

  await signIn(page, "viewer", `/vbus/${vbu.id}`);
  await expect(page.getByRole("link", { name: "numbers.csv" })).toBeVisible();
  await expect(page.getByRole("form", { name: "Upload evidence" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Add evidence|Delete|label/ })).toHaveCount(0);
  const response = await page.request.get(
    (await page.getByRole("link", { name: "numbers.csv" }).getAttribute("href")) ?? "",
  );
  expect(response.status()).toBe(200);
  expect(response.headers()["content-disposition"]).toMatch(/^attachment;/);
  expect(await response.text()).toBe("month,calls\n2026-10,312\n");
});
