// The evidence file rules the upload form shows (lib/attachments/vocabulary.ts) are the ones the
// server enforces: every name the form accepts, the server accepts, and the limits match.
import { describe, expect, it } from "vitest";
import { checkFilename } from "../../lib/attachments/inspect";
import { fileTooLarge } from "../../lib/attachments/storage";
import {
  ALLOWED_EXTENSIONS,
  ALLOWED_SUMMARY,
  ATTACHMENT_ACCEPT,
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_MAX_SIZE,
  ATTACHMENT_NAME_MAX,
  tooLargeMessage,
} from "../../lib/attachments/vocabulary";
import { UserFacingError } from "../../lib/errors";

describe("the evidence file vocabulary", () => {
  it("says the kinds and the size as people read them", () => {
    expect(ALLOWED_SUMMARY).toBe("PNG, JPEG, GIF, PDF, CSV or XLSX");
    expect(ATTACHMENT_ACCEPT).toBe(".png,.jpg,.jpeg,.gif,.pdf,.csv,.xlsx");
    expect(ATTACHMENT_MAX_BYTES).toBe(10485760);
    expect(ATTACHMENT_MAX_SIZE).toBe("10 MiB");
    expect(fileTooLarge(ATTACHMENT_MAX_BYTES).message).toBe(tooLargeMessage());
  });

  it("accepts the names the server accepts, and no others", () => {
    for (const extension of ALLOWED_EXTENSIONS) expect(checkFilename(`a.${extension}`).extension).toBe(extension);
    expect(() => checkFilename("a.exe")).toThrow(UserFacingError);
    expect(() => checkFilename("a.exe")).toThrow(ALLOWED_SUMMARY);
    const longest = `${"n".repeat(ATTACHMENT_NAME_MAX - 4)}.png`;
    expect(checkFilename(longest).filename).toBe(longest);
    expect(() => checkFilename(`n${longest}`)).toThrow(UserFacingError);
  });
});
