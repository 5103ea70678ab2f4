// The review page's evidence (app/vbus/[id]/review-evidence.tsx): readers get the files to
// download and nothing to change them with; a draft's writer also gets the upload form (sent to
// the review's upload route) and each file's Edit label and Delete.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ReviewEvidence } from "../../app/vbus/[id]/review-evidence";
import { evidenceUploadUrl } from "../../lib/attachments/answers";
import type { AttachmentView } from "../../lib/attachments/attachments";

const REVIEW = "7c0e4b1a-2f3d-4c5b-8a69-0d1e2f3a4b5c";
const VBU = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

function file(id: string, filename: string, hasThumbnail: boolean): AttachmentView {
  return {
    id,
    proofPointId: null,
    filename,
    label: null,
    contentType: hasThumbnail ? "image/png" : "application/pdf",
    sizeBytes: 2048,
    hasThumbnail,
    uploaderName: "Ana Silva",
    createdAt: "2026-05-02T10:00:00.000Z",
  };
}

const FILES = [
  file("0b8f3c62-5a4e-4d0a-9a57-3f1f2b6f8c11", "chart.png", true),
  file("9d3e2c1b-0a9f-4e8d-8c7b-6a5f4e3d2c1b", "results.pdf", false),
];

const render = (canEdit: boolean, attachments = FILES) =>
  renderToStaticMarkup(<ReviewEvidence reviewId={REVIEW} vbuId={VBU} attachments={attachments} canEdit={canEdit} />);

const downloads = (html: string) =>
  [...html.matchAll(/<a href="([^"]+)" download="([^"]+)"/g)].map((m) => [m[1], m[2]]);

describe("a review's evidence", () => {
  it("for a reader: each file to download, thumbnails as on the canvas, nothing to change", () => {
    const html = render(false);
    expect(downloads(html)).toEqual([
      [`/api/attachments/${FILES[0]!.id}`, "chart.png"],
      [`/api/attachments/${FILES[1]!.id}`, "results.pdf"],
    ]);
    expect(html).toContain(`src="/api/attachments/${FILES[0]!.id}/thumbnail"`);
    expect(html).not.toContain(`src="/api/attachments/${FILES[1]!.id}/thumbnail"`);
    expect(html).not.toContain("Add evidence");
    expect(html).not.toContain("Edit label");
    expect(html).not.toContain("Delete");
  });

  it("for a reader of a review without files: says so", () => {
    expect(render(false, [])).toBe('<p class="text-sm text-slate-600">No evidence files.</p>');
  });

  it("for the draft's writer: the files, Add evidence, and each file's Edit label and Delete", () => {
    const html = render(true);
    expect(downloads(html)).toHaveLength(2);
    expect(html).toContain('aria-label="Add evidence to this review"');
    expect(html).toContain('aria-label="Edit label of chart.png"');
    expect(html).toContain('aria-label="Delete results.pdf"');
  });

  it("uploads to the review's route, and a proof point's evidence to the proof point's", () => {
    expect(evidenceUploadUrl({ reviewId: REVIEW })).toBe(`/api/reviews/${REVIEW}/attachments`);
    expect(evidenceUploadUrl({ proofPointId: VBU })).toBe(`/api/proof-points/${VBU}/attachments`);
  });
});
