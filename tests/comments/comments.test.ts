// Comments (issue 18), through the app's lib/ functions, on both engines: who may write, read,
// edit and delete them; mentions, and the refusal of anyone who could not read the thread; the
// edit window on a controllable clock; field-level errors for bad input, with nothing saved.
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { comments, monthlyReviews, users } from "../../db/schema";
import type { Actor } from "../../lib/auth/roles";
import { deleteProofPoint } from "../../lib/canvas/write";
import { readThread } from "../../lib/comments/read";
import { addCommentSchema, editCommentSchema } from "../../lib/comments/schemas";
import type { ThreadKey } from "../../lib/comments/thread";
import { COMMENT_MAX, EDIT_WINDOW_MINUTES } from "../../lib/comments/vocabulary";
import {
  addComment,
  deleteComment,
  EDIT_WINDOW_CLOSED,
  editComment,
  ONLY_AUTHOR_EDITS,
  ONLY_AUTHOR_OR_ADMIN_DELETES,
} from "../../lib/comments/write";
import { ForbiddenError, NotFoundError, UserFacingError } from "../../lib/errors";
import { insertReview, insertUser } from "../board/support";
import { insertCanvas, numberedTheses } from "../canvas/support";
import { useSeededAppDatabase } from "../support/app-database";
import { ENGINES, queryRows } from "../support/database";
import { actorOf } from "../support/session";

const add = (actor: Actor, input: Record<string, unknown>) => addComment(actor, addCommentSchema.parse(input));
const edit = (actor: Actor, input: Record<string, unknown>, now?: Date) =>
  editComment(actor, editCommentSchema.parse(input), now);

/** The field errors a refused write carries. */
async function refusal(write: Promise<unknown>): Promise<UserFacingError> {
  const error = await write.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserFacingError);
  return error as UserFacingError;
}

const commentCount = async (vbuId: string) =>
  (await queryRows<{ n: number }>(getDb(), sql`SELECT count(*)::int AS n FROM comments WHERE vbu_id = ${vbuId}`))[0]!.n;

describe.each(ENGINES)("comments on %s", (engine) => {
  useSeededAppDatabase(engine);
  let ana: Actor;
  let ben: Actor;
  let viewer: Actor;
  let admin: Actor;
  beforeAll(async () => {
    [ana, ben, viewer, admin] = await Promise.all([
      actorOf("ana"),
      actorOf("ben"),
      actorOf("viewer"),
      actorOf("admin"),
    ]);
  });

  /** A canvas of Ana's with one proof point, and its proof point's thread. */
  async function proofPointThread(): Promise<ThreadKey & { subjectId: string }> {
    const canvas = await insertCanvas({ gm: "ana", theses: numberedTheses(1, 1) });
    return { vbuId: canvas.vbuId, subject: "proof_point", subjectId: canvas.pointIds[0]![0]! };
  }

  it("a viewer asks on a proof point, mentioning its GM; everyone reads the thread in order, with names and mentions", async () => {
    const thread = await proofPointThread();
    const first = await add(viewer, { ...thread, body: "@Ana Silva which customers?", mentions: [ana.id] });
    await add(ana, { ...thread, body: "Northwind and Contoso." });
    for (const reader of [viewer, ana, ben, admin]) {
      const comments = await readThread(reader, thread);
      expect(comments.map((c) => [c.authorName, c.body, c.mentions])).toEqual([
        ["Victor Hale", "@Ana Silva which customers?", ["Ana Silva"]],
        ["Ana Silva", "Northwind and Contoso.", []],
      ]);
      expect(comments[0]!.id).toBe(first.id);
      expect(comments[0]!.canEdit).toBe(reader.id === viewer.id);
      expect(comments[0]!.canDelete).toBe(reader.id === viewer.id || reader.role === "admin");
    }
    // The canvas's own thread is another one.
    expect(await readThread(viewer, { vbuId: thread.vbuId, subject: "canvas" })).toEqual([]);
  });

  it("keeps hostile text as text, and refuses empty, too long or hidden-character text on the body field", async () => {
    const thread = await proofPointThread();
    const hostile = `<script>alert(1)</script> [x](javascript:alert(1)) **bold**`;
    await add(viewer, { ...thread, body: hostile });
    expect((await readThread(viewer, thread))[0]!.body).toBe(hostile);

    const exactly = "x".repeat(COMMENT_MAX);
    await add(viewer, { ...thread, body: exactly });
    for (const [body, message] of [
      ["   ", "Enter your comment."],
      [`${exactly}y`, `Keep it to ${COMMENT_MAX} characters or fewer.`],
    ] as const) {
      const parsed = addCommentSchema.safeParse({ ...thread, body });
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["body", message]]);
    }
    expect(addCommentSchema.safeParse({ ...thread, body: "a\u202Eb" }).error!.issues[0]!.path).toEqual(["body"]);
    // A thread that does not say what it is about.
    expect(addCommentSchema.safeParse({ vbuId: thread.vbuId, subject: "proof_point", body: "Hi" }).success).toBe(false);
    expect(addCommentSchema.safeParse({ ...thread, subject: "canvas", body: "Hi" }).success).toBe(false);
    expect(await commentCount(thread.vbuId)).toBe(2);
  });

  it("refuses a mention of someone disabled or unknown, naming them on the mentions field, and saves nothing", async () => {
    const thread = await proofPointThread();
    const gone = await insertUser("viewer", "Dana Gone");
    await getDb().update(users).set({ disabledAt: new Date() }).where(eq(users.id, gone.id));
    const disabled = await refusal(add(viewer, { ...thread, body: "@Dana Gone?", mentions: [gone.id] }));
    expect(disabled.fieldErrors.mentions).toEqual(["Dana Gone can no longer sign in, so they cannot be told."]);
    const unknown = await refusal(
      add(viewer, { ...thread, body: "@Nobody", mentions: ["00000000-0000-4000-8000-000000000001"] }),
    );
    expect(unknown.fieldErrors.mentions![0]).toMatch(/no longer in Canvas/);
    expect(await commentCount(thread.vbuId)).toBe(0);
  });

  it("a draft review's thread is its GM's and the admins' only: hidden from others, and they cannot be mentioned", async () => {
    const canvas = await insertCanvas({ gm: "ana" });
    await insertReview(canvas.vbuId, "2031-01-01", "draft");
    const [review] = await getDb()
      .select({ id: monthlyReviews.id })
      .from(monthlyReviews)
      .where(eq(monthlyReviews.vbuId, canvas.vbuId));
    const thread = { vbuId: canvas.vbuId, subject: "review", subjectId: review!.id } as const;

    await add(ana, { ...thread, body: "Morgan, can you check the numbers?", mentions: [admin.id] });
    expect(await readThread(admin, thread)).toHaveLength(1);
    for (const outsider of [viewer, ben]) {
      await expect(readThread(outsider, thread)).rejects.toBeInstanceOf(NotFoundError);
      await expect(add(outsider, { ...thread, body: "Can I see?" })).rejects.toBeInstanceOf(NotFoundError);
    }
    const refused = await refusal(add(ana, { ...thread, body: "@Victor Hale", mentions: [viewer.id] }));
    expect(refused.fieldErrors.mentions).toEqual([
      "Victor Hale cannot read this draft review, so they cannot be mentioned in it.",
    ]);
    // Published, it is everyone's.
    await getDb()
      .update(monthlyReviews)
      .set({ status: "published", health: "on_track", snapshot: { schema: 1 } as never, publishedAt: new Date() })
      .where(eq(monthlyReviews.id, review!.id));
    await add(ana, { ...thread, body: "@Victor Hale published.", mentions: [viewer.id] });
    expect(await readThread(viewer, thread)).toHaveLength(2);
  });

  it("refuses a thread of another VBU's proof point, or one that does not exist", async () => {
    const thread = await proofPointThread();
    const other = await insertCanvas({ gm: "ben" });
    await expect(add(viewer, { ...thread, vbuId: other.vbuId, body: "Hi" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      add(viewer, { ...thread, subjectId: "00000000-0000-4000-8000-000000000002", body: "Hi" }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("lets its author edit a comment for the edit window, marked edited, its mentions those of the new text; then it is fixed", async () => {
    const thread = await proofPointThread();
    const { id } = await add(viewer, { ...thread, body: "@Ana Silva first", mentions: [ana.id] });
    const [{ createdAt }] = (await getDb()
      .select({ createdAt: comments.createdAt })
      .from(comments)
      .where(eq(comments.id, id))) as [{ createdAt: Date }];
    const justBefore = new Date(createdAt.getTime() + EDIT_WINDOW_MINUTES * 60_000 - 1000);
    await edit(viewer, { commentId: id, body: "@Ben Okafor second", mentions: [ben.id] }, justBefore);
    const [edited] = await readThread(viewer, thread, justBefore);
    expect(edited).toMatchObject({ body: "@Ben Okafor second", edited: true, mentions: ["Ben Okafor"], canEdit: true });

    const atTheEnd = new Date(createdAt.getTime() + EDIT_WINDOW_MINUTES * 60_000);
    const closed = await refusal(edit(viewer, { commentId: id, body: "third" }, atTheEnd));
    expect(closed.message).toBe(EDIT_WINDOW_CLOSED);
    expect((await readThread(viewer, thread, atTheEnd))[0]).toMatchObject({
      body: "@Ben Okafor second",
      canEdit: false,
    });
    // Someone else's comment, even an admin's edit: refused.
    for (const other of [ana, admin]) {
      await expect(edit(other, { commentId: id, body: "not mine" }, justBefore)).rejects.toThrow(ONLY_AUTHOR_EDITS);
    }
  });

  it("lets its author or an admin delete a comment, which leaves its place in the thread; nobody else", async () => {
    const thread = await proofPointThread();
    const mine = await add(viewer, { ...thread, body: "Oops", mentions: [ana.id] });
    const anas = await add(ana, { ...thread, body: "Reply" });
    await expect(deleteComment(viewer, { commentId: anas.id })).rejects.toThrow(ONLY_AUTHOR_OR_ADMIN_DELETES);
    await expect(deleteComment(ben, { commentId: mine.id })).rejects.toBeInstanceOf(ForbiddenError);
    await deleteComment(viewer, { commentId: mine.id });
    await deleteComment(viewer, { commentId: mine.id }); // again: nothing more happens
    await deleteComment(admin, { commentId: anas.id });
    const thread2 = await readThread(ana, thread);
    expect(thread2.map((c) => [c.authorName, c.body, c.deleted, c.mentions, c.canEdit, c.canDelete])).toEqual([
      ["Victor Hale", "", true, [], false, false],
      ["Ana Silva", "", true, [], false, false],
    ]);
    await expect(edit(viewer, { commentId: mine.id, body: "Back" })).rejects.toThrow(/deleted/);
  });

  it("go with their proof point when it is deleted", async () => {
    const thread = await proofPointThread();
    await add(viewer, { ...thread, body: "Question" });
    await deleteProofPoint(ana, { vbuId: thread.vbuId, proofPointId: thread.subjectId });
    expect(await commentCount(thread.vbuId)).toBe(0);
  });
});
