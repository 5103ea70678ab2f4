// The change history is written by the database (drizzle/0011_change_history_triggers.sql), in
// the changing transaction, from the acting user the app names (lib/history/actor.ts). Here
// every kind of change, made through the app's own lib/ functions, produces exactly the entries
// expected, credited to the person who made it (not the tests' default "System (tests)"); a
// change without an actor is refused; the history cannot be edited; it outlives its VBU.
import { asc, eq, gt, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { canvases, changeHistory, monthlyReviews, proofPoints, vbus } from "../../db/schema";
import { createVbuSchema, reassignGmSchema, renameVbuSchema } from "../../lib/admin/vbu-schemas";
import { createVbu, deleteVbu, reassignGm, renameVbu } from "../../lib/admin/vbus";
import { proofPointFingerprint, thesisFingerprint } from "../../lib/canvas/fingerprint";
import {
  addProofPointSchema,
  addThesisSchema,
  editProofPointSchema,
  editThesisSchema,
  moveLaneSchema,
  reorderThesesSchema,
  saveCanvasSchema,
  setCurrentlyTestingSchema,
} from "../../lib/canvas/schemas";
import {
  addProofPoint,
  addThesis,
  deleteProofPoint,
  deleteThesis,
  editProofPoint,
  editThesis,
  moveVbuToLane,
  reorderTheses,
  saveCanvas,
  setCurrentlyTesting,
} from "../../lib/canvas/write";
import { touch, inTransaction } from "../../lib/canvas/lock";
import { NO_ACTOR_SQLSTATE, HISTORY_IS_APPEND_ONLY_SQLSTATE } from "../../lib/history/actor";
import { databaseErrorOf, ForbiddenError } from "../../lib/errors";
import { listDeletedVbus } from "../../lib/history/read";
import { deleteAttachment, relabelAttachment } from "../../lib/attachments/attachments";
import { acknowledgeReviewSchema } from "../../lib/reviews/schemas";
import { acknowledgeReview, publishReview, saveReviewDraft, startReview } from "../../lib/reviews/write";
import { PNG } from "../attachments/fixtures";
import { uploaded, uploadedToReview, useTempStorage } from "../attachments/support";
import { useSeededAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { draftInput, startInput } from "../reviews/support";
import { actorOf, idOf, signInAs } from "../support/session";

const thisMonth = () => new Date().toISOString().slice(0, 7);

/** The entries written after `since` (an id), oldest first, as the assertions read them. */
async function entriesSince(since: number) {
  const rows = await getDb()
    .select()
    .from(changeHistory)
    .where(gt(changeHistory.id, since))
    .orderBy(asc(changeHistory.id));
  return rows.map(({ actorName, subject, action, changes, vbuName }) => ({
    actorName,
    vbuName,
    subject,
    action,
    changes,
  }));
}

async function lastId(): Promise<number> {
  const [row] = await getDb()
    .select({ id: sql<number>`coalesce(max(${changeHistory.id}), 0)::int` })
    .from(changeHistory);
  return row!.id;
}

/** Runs `change` and answers the entries it wrote. */
async function recorded(change: () => Promise<unknown>) {
  const since = await lastId();
  await change();
  return entriesSince(since);
}

describe.each(ENGINES)("the change history on %s", (engine) => {
  useSeededAppDatabase(engine);
  useTempStorage();

  /** A new VBU of Ana's, made by the admin through the admin page's lib/. */
  async function newVbu(name = `History ${Math.random().toString(36).slice(2, 8)}`) {
    const admin = await actorOf("admin");
    const { id } = await createVbu(admin, createVbuSchema.parse({ name, gmId: await idOf("ana"), lane: "build" }));
    return { vbuId: id, name };
  }

  it("records a VBU's creation, renaming and new GM, credited to the admin", async () => {
    const admin = await actorOf("admin");
    const name = "History Alpha";
    const created = await recorded(() => newVbu(name));
    expect(created).toEqual([
      {
        actorName: "Morgan Ellis",
        vbuName: name,
        subject: "vbu",
        action: "added",
        changes: { name: [null, name], gm_id: [null, await idOf("ana")] },
      },
      {
        actorName: "Morgan Ellis",
        vbuName: name,
        subject: "canvas",
        action: "added",
        changes: { lifecycle_lane: [null, "build"] },
      },
    ]);
    const [vbu] = await getDb().select({ id: vbus.id }).from(vbus).where(eq(vbus.name, name));
    const vbuId = vbu!.id;
    expect(await recorded(() => renameVbu(admin, renameVbuSchema.parse({ vbuId, name: "History Beta" })))).toEqual([
      {
        actorName: "Morgan Ellis",
        vbuName: "History Beta",
        subject: "vbu",
        action: "changed",
        changes: { name: [name, "History Beta"] },
      },
    ]);
    const ben = await idOf("ben");
    expect(await recorded(() => reassignGm(admin, reassignGmSchema.parse({ vbuId, gmId: ben })))).toEqual([
      {
        actorName: "Morgan Ellis",
        vbuName: "History Beta",
        subject: "vbu",
        action: "changed",
        changes: { gm_id: [await idOf("ana"), ben] },
      },
    ]);
  });

  it("records only the canvas fields a save changed, and a lane move, credited to who made them", async () => {
    const ana = await actorOf("ana");
    const { vbuId, name } = await newVbu();
    const fields = {
      productName: "",
      lifecycleLane: "build",
      successDescription: "",
      futureStateIntent: "",
      primaryFocus: "Win two pilots",
      resistDoing: "",
      goodDiscipline: "",
      primaryConstraint: "",
    };
    const save = (version: number, values: Record<string, string>) =>
      saveCanvas(ana, saveCanvasSchema.parse({ vbuId, version: String(version), ...fields, ...values }));
    expect(await recorded(() => save(1, {}))).toEqual([
      {
        actorName: "Ana Silva",
        vbuName: name,
        subject: "canvas",
        action: "changed",
        changes: { primary_focus: [null, "Win two pilots"] },
      },
    ]);
    // The same values again: nothing changed, nothing recorded (the version and times are bookkeeping).
    expect(await recorded(() => save(2, {}))).toEqual([]);
    expect(await recorded(() => save(3, { primaryFocus: "Win three pilots", lifecycleLane: "sell" }))).toEqual([
      {
        actorName: "Ana Silva",
        vbuName: name,
        subject: "canvas",
        action: "changed",
        changes: { lifecycle_lane: ["build", "sell"], primary_focus: ["Win two pilots", "Win three pilots"] },
      },
    ]);
    const admin = await actorOf("admin");
    const version = (await canvasRowOf(vbuId)).version;
    expect(
      await recorded(() =>
        moveVbuToLane(admin, moveLaneSchema.parse({ vbuId, lane: "milk", version: String(version) })),
      ),
    ).toEqual([
      {
        actorName: "Morgan Ellis",
        vbuName: name,
        subject: "canvas",
        action: "changed",
        changes: { lifecycle_lane: ["sell", "milk"] },
      },
    ]);
  });

  it("records theses and proof points added, edited, moved and deleted, and what the canvas tests", async () => {
    const ana = await actorOf("ana");
    const { vbuId, name } = await newVbu();
    const entry = (subject: string, action: string, changes: Record<string, unknown>) => ({
      actorName: "Ana Silva",
      vbuName: name,
      subject,
      action,
      changes,
    });
    let first = "";
    expect(
      await recorded(async () => {
        first = (await addThesis(ana, addThesisSchema.parse({ vbuId, text: "Buyers pay" }))).id;
      }),
    ).toEqual([entry("thesis", "added", { order: [null, 1], text: [null, "Buyers pay"] })]);
    const second = (await addThesis(ana, addThesisSchema.parse({ vbuId, text: "Buyers stay" }))).id;
    expect(
      await recorded(() =>
        editThesis(
          ana,
          editThesisSchema.parse({
            vbuId,
            thesisId: first,
            text: "Buyers pay monthly",
            previous: thesisFingerprint({ text: "Buyers pay" }),
          }),
        ),
      ),
    ).toEqual([entry("thesis", "changed", { text: ["Buyers pay", "Buyers pay monthly"] })]);
    expect(
      await recorded(() =>
        reorderTheses(
          ana,
          reorderThesesSchema.parse({ vbuId, previousOrder: `${first},${second}`, order: `${second},${first}` }),
        ),
      ),
    ).toEqual(
      expect.arrayContaining([
        entry("thesis", "changed", { order: [1, 2] }),
        entry("thesis", "changed", { order: [2, 1] }),
      ]),
    );

    let point = "";
    expect(
      await recorded(async () => {
        point = (
          await addProofPoint(
            ana,
            addProofPointSchema.parse({
              vbuId,
              thesisId: first,
              description: "Two pilots sign",
              status: "in_progress",
              evidenceNote: "",
              targetReviewMonth: "2027-03",
            }),
          )
        ).id;
      }),
    ).toEqual([
      entry("proof_point", "added", {
        thesis_id: [null, first],
        description: [null, "Two pilots sign"],
        status: [null, "in_progress"],
        target_review_month: [null, "2027-03-01"],
      }),
    ]);
    const edit = (values: Record<string, string>) =>
      editProofPoint(
        ana,
        editProofPointSchema.parse({
          vbuId,
          proofPointId: point,
          description: "Two pilots sign",
          status: "in_progress",
          evidenceNote: "",
          targetReviewMonth: "2027-03",
          previous: "",
          ...values,
        }),
      );
    const fingerprint = async () => proofPointFingerprint((await pointRowOf(point))!);
    expect(await recorded(async () => edit({ status: "observed", previous: await fingerprint() }))).toEqual([
      entry("proof_point", "changed", { status: ["in_progress", "observed"] }),
    ]);
    expect(
      await recorded(() =>
        setCurrentlyTesting(ana, setCurrentlyTestingSchema.parse({ vbuId, target: `proof_point:${point}` })),
      ),
    ).toEqual([
      entry("canvas", "changed", {
        currently_testing_type: [null, "proof_point"],
        currently_testing_id: [null, point],
      }),
    ]);
    expect(await recorded(() => deleteProofPoint(ana, { vbuId, proofPointId: point }))).toEqual(
      expect.arrayContaining([
        entry("proof_point", "deleted", {
          thesis_id: [first, null],
          description: ["Two pilots sign", null],
          status: ["observed", null],
          target_review_month: ["2027-03-01", null],
        }),
      ]),
    );
    expect(await recorded(() => deleteThesis(ana, { vbuId, thesisId: second }))).toEqual(
      expect.arrayContaining([entry("thesis", "deleted", { order: [1, null], text: ["Buyers stay", null] })]),
    );
  });

  it("records evidence added, relabelled and deleted on a proof point, but not a review draft's own files", async () => {
    const ana = await actorOf("ana");
    const { vbuId, name } = await newVbu();
    const thesis = (await addThesis(ana, addThesisSchema.parse({ vbuId, text: "Evidence holds" }))).id;
    const point = (
      await addProofPoint(
        ana,
        addProofPointSchema.parse({
          vbuId,
          thesisId: thesis,
          description: "A signed memo",
          status: "in_progress",
          evidenceNote: "",
          targetReviewMonth: "",
        }),
      )
    ).id;
    await signInAs("ana");
    let file = "";
    expect(
      await recorded(async () => {
        file = (await uploaded(point, PNG, { name: "memo.png", label: "Signed memo" })).id;
      }),
    ).toEqual([
      {
        actorName: "Ana Silva",
        vbuName: name,
        subject: "evidence",
        action: "added",
        changes: { filename: [null, "memo.png"], label: [null, "Signed memo"] },
      },
    ]);
    expect(await recorded(() => relabelAttachment(ana, { attachmentId: file, label: "Countersigned memo" }))).toEqual([
      {
        actorName: "Ana Silva",
        vbuName: name,
        subject: "evidence",
        action: "changed",
        changes: { label: ["Signed memo", "Countersigned memo"] },
      },
    ]);
    expect(await recorded(() => deleteAttachment(ana, { attachmentId: file }))).toEqual([
      {
        actorName: "Ana Silva",
        vbuName: name,
        subject: "evidence",
        action: "deleted",
        changes: { filename: ["memo.png", null], label: ["Countersigned memo", null] },
      },
    ]);
    // A review draft's evidence is the GM's own until the review is published: not in the history.
    const review = await startReview(ana, startInput(vbuId, thisMonth()), new Date());
    const [draft] = await getDb().select().from(monthlyReviews).where(eq(monthlyReviews.vbuId, review.vbuId));
    expect(await recorded(() => uploadedToReview(draft!.id, PNG, { name: "draft.png" }))).toEqual([]);
  });

  it("records a review's publishing and acknowledgement, not its draft", async () => {
    const ana = await actorOf("ana");
    const admin = await actorOf("admin");
    const { vbuId, name } = await newVbu();
    const month = thisMonth();
    const drafted = await recorded(async () => {
      await startReview(ana, startInput(vbuId, month), new Date());
      const [draft] = await getDb().select().from(monthlyReviews).where(eq(monthlyReviews.vbuId, vbuId));
      await saveReviewDraft(ana, draftInput(draft!.id, 1, { learned: "Draft words", health: "at_risk" }), new Date());
    });
    expect(drafted).toEqual([]);
    const [draft] = await getDb().select().from(monthlyReviews).where(eq(monthlyReviews.vbuId, vbuId));
    const published = await recorded(() =>
      publishReview(
        ana,
        { ...draftInput(draft!.id, 2, { learned: "Words", health: "on_track" }), intent: "publish" },
        new Date(),
      ),
    );
    expect(published).toEqual([
      {
        actorName: "Ana Silva",
        vbuName: name,
        subject: "review",
        action: "changed",
        changes: {
          status: ["draft", "published"],
          health: ["at_risk", "on_track"],
          month: [`${month}-01`, `${month}-01`],
        },
      },
    ]);
    const acknowledged = await recorded(() =>
      acknowledgeReview(admin, acknowledgeReviewSchema.parse({ reviewId: draft!.id, comment: "Thanks" })),
    );
    expect(acknowledged).toEqual([
      {
        actorName: "Morgan Ellis",
        vbuName: name,
        subject: "review",
        action: "changed",
        changes: {
          acknowledged_at: [null, expect.any(String)],
          acknowledgement_comment: [null, "Thanks"],
          month: [`${month}-01`, `${month}-01`],
        },
      },
    ]);
  });

  it("records nothing when only the canvas's bookkeeping moves (who last touched it, when)", async () => {
    const ana = await actorOf("ana");
    const { vbuId } = await newVbu();
    const { id } = await canvasRowOf(vbuId);
    expect(await recorded(() => inTransaction(ana, (tx) => touch(tx, id, ana)))).toEqual([]);
  });

  it("refuses a change without an acting user, and records nothing of it", async () => {
    const { vbuId } = await newVbu();
    const since = await lastId();
    const error = await getDb()
      .transaction(async (tx) => {
        await tx.execute(sql`SELECT set_config('canvas.actor', '', true)`); // the tests' default, taken away
        await tx.execute(sql`UPDATE canvases SET primary_focus = 'Unattributed' WHERE vbu_id = ${vbuId}`);
      })
      .then(
        () => null,
        (caught: unknown) => caught,
      );
    expect(databaseErrorOf(error).code).toBe(NO_ACTOR_SQLSTATE);
    expect((await canvasRowOf(vbuId)).primaryFocus).not.toBe("Unattributed");
    expect(await entriesSince(since)).toEqual([]);
  });

  it("cannot be edited or deleted, even by a statement from outside the app", async () => {
    await newVbu();
    for (const statement of [
      sql`UPDATE change_history SET actor_name = 'Someone else'`,
      sql`DELETE FROM change_history`,
      sql`TRUNCATE change_history`,
    ]) {
      const error = await getDb()
        .execute(statement)
        .then(
          () => null,
          (caught: unknown) => caught,
        );
      expect(databaseErrorOf(error).code).toBe(HISTORY_IS_APPEND_ONLY_SQLSTATE);
    }
    expect(await lastId()).toBeGreaterThan(0);
  });

  it("keeps a deleted VBU's history, under its name, with what the delete took with it", async () => {
    const ana = await actorOf("ana");
    const admin = await actorOf("admin");
    const { vbuId, name } = await newVbu();
    const thesis = (await addThesis(ana, addThesisSchema.parse({ vbuId, text: "Kept in history" }))).id;
    await addProofPoint(
      ana,
      addProofPointSchema.parse({
        vbuId,
        thesisId: thesis,
        description: "Goes with its thesis",
        status: "not_started",
        evidenceNote: "",
        targetReviewMonth: "",
      }),
    );
    const deleted = await recorded(() => deleteVbu(admin, vbuId));
    expect(deleted.map((e) => [e.subject, e.action, e.vbuName, e.actorName])).toEqual(
      expect.arrayContaining([
        ["vbu", "deleted", name, "Morgan Ellis"],
        ["canvas", "deleted", name, "Morgan Ellis"],
        ["thesis", "deleted", name, "Morgan Ellis"],
        ["proof_point", "deleted", name, "Morgan Ellis"],
      ]),
    );
    const all = await getDb().select().from(changeHistory).where(eq(changeHistory.vbuId, vbuId));
    expect(all.filter((e) => e.action === "added").map((e) => e.subject)).toEqual(
      expect.arrayContaining(["vbu", "canvas", "thesis", "proof_point"]),
    );
    expect(new Set(all.map((e) => e.vbuName))).toEqual(new Set([name]));
    // Admins find it among the deleted VBUs, under its name; nobody else may list them.
    expect(await listDeletedVbus(admin)).toEqual(
      expect.arrayContaining([{ vbuId, name, deletedAt: expect.any(String), deletedBy: "Morgan Ellis" }]),
    );
    await expect(listDeletedVbus(ana)).rejects.toBeInstanceOf(ForbiddenError);
  });

  async function canvasRowOf(vbuId: string) {
    const [row] = await getDb().select().from(canvases).where(eq(canvases.vbuId, vbuId));
    return row!;
  }

  async function pointRowOf(id: string) {
    const [row] = await getDb().select().from(proofPoints).where(eq(proofPoints.id, id));
    return row;
  }
});
