import "server-only";
import { eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { attachments, canvases, proofPoints, theses, vbus } from "../../db/schema";

// What a thesis, a proof point or an evidence file belongs to: its canvas, that canvas's VBU
// and the VBU's GM, for authorising a change to that exact row. The join proof point -> thesis
// -> canvas -> VBU is written here alone. Each takes the transaction it runs in (or the
// database, before one) and answers null when there is no such row.

type Reader = Pick<Database, "select">;

export interface Owner {
  canvasId: string;
  vbuId: string;
  gmId: string;
}

const OWNER_COLUMNS = { canvasId: canvases.id, vbuId: vbus.id, gmId: vbus.gmId };

export async function thesisOwner(db: Reader, thesisId: string): Promise<Owner | null> {
  const [owner] = await db
    .select(OWNER_COLUMNS)
    .from(theses)
    .innerJoin(canvases, eq(canvases.id, theses.canvasId))
    .innerJoin(vbus, eq(vbus.id, canvases.vbuId))
    .where(eq(theses.id, thesisId));
  return owner ?? null;
}

const proofPointOwners = (db: Reader) =>
  db
    .select({ ...OWNER_COLUMNS, proofPointId: proofPoints.id })
    .from(proofPoints)
    .innerJoin(theses, eq(theses.id, proofPoints.thesisId))
    .innerJoin(canvases, eq(canvases.id, theses.canvasId))
    .innerJoin(vbus, eq(vbus.id, canvases.vbuId));

export async function proofPointOwner(db: Reader, proofPointId: string): Promise<Owner | null> {
  const [owner] = await proofPointOwners(db).where(eq(proofPoints.id, proofPointId));
  return owner ?? null;
}

/** An evidence file's owner, through the proof point it is evidence for (one query). */
export async function attachmentOwner(
  db: Reader,
  attachmentId: string,
): Promise<(Owner & { proofPointId: string }) | null> {
  const [owner] = await proofPointOwners(db).where(
    inArray(
      proofPoints.id,
      db.select({ id: attachments.proofPointId }).from(attachments).where(eq(attachments.id, attachmentId)),
    ),
  );
  return owner ?? null;
}
