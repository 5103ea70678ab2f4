import { createHash } from "node:crypto";

// A short digest of what an edit form started from. The form sends it back; the server
// compares it with the row as it is now, so an edit never silently overwrites someone
// else's newer one (theses and proof points have no version column in the contract).
export function fingerprint(values: readonly (string | null)[]): string {
  return createHash("sha256").update(JSON.stringify(values)).digest("base64url").slice(0, 22);
}

export const thesisFingerprint = (t: { text: string }) => fingerprint([t.text]);

export const proofPointFingerprint = (p: {
  description: string;
  status: string;
  evidenceNote: string | null;
  targetReviewMonth: string | null;
}) => fingerprint([p.description, p.status, p.evidenceNote, p.targetReviewMonth]);
