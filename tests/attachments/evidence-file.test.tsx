// The canvas page shows an evidence file by its stored thumbnail, a few KB, never by the whole
// file (a 2 MB PNG for a 48 px square); a file without a thumbnail shows its type instead.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ReadOnlyEvidence } from "../../app/vbus/[id]/evidence-file";
import type { AttachmentView } from "../../lib/attachments/attachments";

const ID = "0b8f3c62-5a4e-4d0a-9a57-3f1f2b6f8c11";

function file(overrides: Partial<AttachmentView>): AttachmentView {
  return {
    id: ID,
    proofPointId: "5d1f2e3a-1b2c-4d5e-8f90-123456789abc",
    filename: "pilot.png",
    label: null,
    contentType: "image/png",
    sizeBytes: 2_300_000,
    hasThumbnail: true,
    uploaderName: "Ana",
    createdAt: "2025-03-01T10:00:00.000Z",
    ...overrides,
  };
}

const images = (html: string) => [...html.matchAll(/<img [^>]*>/g)].map((m) => m[0]);

describe("an evidence file on the canvas page", () => {
  it("shows its thumbnail from the thumbnail route, at its displayed size, lazily", () => {
    const [img, ...others] = images(renderToStaticMarkup(<ReadOnlyEvidence attachments={[file({})]} />));
    expect(others).toEqual([]);
    expect(img).toContain(`src="/api/attachments/${ID}/thumbnail"`);
    expect(img).toContain('width="48"');
    expect(img).toContain('height="48"');
    expect(img).toContain('loading="lazy"');
    expect(img).toContain('decoding="async"');
  });

  it("never loads the whole file as an image; the name still links to the download", () => {
    const html = renderToStaticMarkup(<ReadOnlyEvidence attachments={[file({})]} />);
    expect(html).not.toContain(`src="/api/attachments/${ID}"`);
    // React preloads an eager <img> in the page's head: none here, of the file or the thumbnail.
    expect(html).not.toContain('rel="preload"');
    expect(html).toContain(`href="/api/attachments/${ID}"`);
  });

  it.each([
    ["an image sharp could not read", file({ hasThumbnail: false }), "PNG"],
    ["a PDF", file({ filename: "report.pdf", contentType: "application/pdf", hasThumbnail: false }), "PDF"],
    ["a CSV file", file({ filename: "rates.csv", contentType: "text/csv", hasThumbnail: false }), "CSV"],
  ])("shows %s by its type, with no image at all", (_, view, badge) => {
    const html = renderToStaticMarkup(<ReadOnlyEvidence attachments={[view]} />);
    expect(images(html)).toEqual([]);
    expect(html).toContain(`>${badge}</span>`);
  });
});
