// In-app notifications (issue 18), through the app's lib/ functions, on both engines: who is told
// of a comment (a mention, a reply, a comment on your VBU: one each, never yourself, never a
// disabled account, never someone who may not read the thread), of a review published or
// acknowledged, and of a VBU given to them; the words and links they read; marking them read; and
// the bell's count in one query.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { users } from "../../db/schema";
import { createVbu, reassignGm } from "../../lib/admin/vbus";
import { createVbuSchema, reassignGmSchema } from "../../lib/admin/vbu-schemas";
import type { Actor } from "../../lib/auth/roles";
import { addCommentSchema, editCommentSchema } from "../../lib/comments/schemas";
import { addComment, editComment } from "../../lib/comments/write";
import { listNotifications, unreadCount } from "../../lib/notifications/read";
import { markNotificationsRead } from "../../lib/notifications/write";
import { acknowledgeReview } from "../../lib/reviews/write";
import { unreadCountStatement } from "../../scripts/bench-queries";
import { insertUser } from "../board/support";
import { insertCanvas, numberedTheses } from "../canvas/support";
import { person, publishedReview, startedDraft, world } from "../reviews/support";
import { useSeededAppDatabase } from "../support/app-database";
import { countingQueries } from "../support/counting";
import { ENGINES } from "../support/database";
import { actorOf } from "../support/session";

const add = (actor: Actor, input: Record<string, unknown>) => addComment(actor, addCommentSchema.parse(input));

/** Each of `actor`'s notifications as "kind: words", newest first. */
const told = async (actor: Actor) => (await listNotifications(actor)).map((n) => `${n.kind}: ${n.words}`);

describe.each(ENGINES)("notifications on %s", (engine) => {
  const database = useSeededAppDatabase(engine);
  let ana: Actor;
  let ben: Actor;
  let viewer: Actor;
  beforeAll(async () => {
    [ana, ben, viewer] = await Promise.all([actorOf("ana"), actorOf("ben"), actorOf("viewer")]);
  });

  async function anasProofPoint() {
    const canvas = await insertCanvas({ gm: "ana", theses: numberedTheses(1, 1) });
    return {
      vbuName: canvas.vbuName,
      thread: { vbuId: canvas.vbuId, subject: "proof_point", subjectId: canvas.pointIds[0]![0]! } as const,
    };
  }

  it("a viewer mentions the GM on a proof point; the GM replies; a third person comments: each told once, in words, with a link to the comment", async () => {
    const { vbuName, thread } = await anasProofPoint();
    const before = { ana: await unreadCount(ana), viewer: await unreadCount(viewer), ben: await unreadCount(ben) };

    const question = await add(viewer, { ...thread, body: "@Ana Silva which customers?", mentions: [ana.id] });
    // A mention, not also "on your VBU"; the writer is told nothing.
    expect((await told(ana))[0]).toBe(`mention: Victor Hale mentioned you on ${vbuName}: Proof 1.1`);
    expect(await unreadCount(ana)).toBe(before.ana + 1);
    expect(await unreadCount(viewer)).toBe(before.viewer);
    const [latest] = await listNotifications(ana);
    expect(latest).toMatchObject({
      read: false,
      href: `/vbus/${thread.vbuId}/comments?on=proof_point&id=${thread.subjectId}#comment-${question.id}`,
    });

    await add(ana, { ...thread, body: "Northwind and Contoso." });
    expect((await told(viewer))[0]).toBe(`reply: Ana Silva replied on ${vbuName}: Proof 1.1`);
    expect(await unreadCount(ana)).toBe(before.ana + 1);

    await add(ben, { ...thread, body: "Contoso renewed with us too." });
    expect((await told(ana))[0]).toBe(`reply: Ben Okafor replied on ${vbuName}: Proof 1.1`);
    expect((await told(viewer))[0]).toBe(`reply: Ben Okafor replied on ${vbuName}: Proof 1.1`);
    expect(await unreadCount(viewer)).toBe(before.viewer + 2);
    expect(await unreadCount(ben)).toBe(before.ben);
  });

  it("a comment on a GM's canvas tells the GM; a disabled account is told nothing", async () => {
    const canvas = await insertCanvas({ gm: "ana" });
    const thread = { vbuId: canvas.vbuId, subject: "canvas" } as const;
    const quiet = await insertUser("viewer", "Quinn Quiet");
    await add(quiet, { ...thread, body: "First!" });
    await getDb().update(users).set({ disabledAt: new Date() }).where(eq(users.id, quiet.id));
    await add(viewer, { ...thread, body: "Is the focus still renewals?" });
    expect((await told(ana))[0]).toBe(`comment: Victor Hale commented on your VBU ${canvas.vbuName}`);
    expect(await told(quiet)).toEqual([]);
  });

  it("a mention added by an edit is told once; an edit that keeps it tells nobody again", async () => {
    const { thread } = await anasProofPoint();
    const { id } = await add(ana, { ...thread, body: "Waiting on procurement." });
    const edit = (mentions: string[]) =>
      editComment(
        ana,
        editCommentSchema.parse({ commentId: id, body: "@Ben Okafor waiting on procurement.", mentions }),
      );
    const before = await unreadCount(ben);
    await edit([ben.id]);
    await edit([ben.id]);
    expect(await unreadCount(ben)).toBe(before + 1);
  });

  it("marks read only the reader's own notifications, some or all; the bell's count is one query", async () => {
    const { thread } = await anasProofPoint();
    await add(viewer, { ...thread, body: "@Ana Silva @Ben Okafor?", mentions: [ana.id, ben.id] });
    await add(viewer, { ...thread, body: "@Ana Silva again", mentions: [ana.id] });
    const [newest] = await listNotifications(ana);
    const [bens] = await listNotifications(ben);
    const unread = await unreadCount(ana);
    // Ben's id in Ana's request changes nothing of Ben's.
    await markNotificationsRead(ana, [newest!.id, bens!.id]);
    expect(await unreadCount(ana)).toBe(unread - 1);
    expect((await listNotifications(ben))[0]!.read).toBe(false);
    await markNotificationsRead(ana, "all");
    expect(await unreadCount(ana)).toBe(0);
    expect((await listNotifications(ana)).every((n) => n.read)).toBe(true);

    const { queries, result } = await countingQueries(database.current(), () => unreadCount(ben));
    expect(result).toBeGreaterThan(0);
    // The very SQL the bench times with every page (scripts/bench-queries.ts).
    expect(queries).toEqual([unreadCountStatement(ben.id).sql]);
  });

  it("a published review tells the admins, its acknowledgement its GM; a VBU given to a GM tells them", async () => {
    const w = await world();
    const review = await publishedReview(w.gm, w.vbuId, "2026-04");
    expect((await told(w.admin))[0]).toBe(`review_published: ${w.gm.name} published ${w.vbuName}: April 2026 review`);
    expect(await told(w.gm)).toEqual([]);
    await acknowledgeReview(w.admin, { reviewId: review.id, comment: null });
    expect(await told(w.gm)).toEqual([
      `review_acknowledged: ${w.admin.name} acknowledged ${w.vbuName}: April 2026 review`,
    ]);
    const [link] = await listNotifications(w.gm);
    expect(link!.href).toBe(`/vbus/${w.vbuId}/reviews/2026-04`);

    // A draft is nobody's news.
    await startedDraft(w.gm, w.vbuId, "2026-05", new Date("2026-05-20T12:00:00Z"));
    expect(await told(w.admin)).toHaveLength(1);

    const newGm = await person("gm", "Nia New");
    const created = await createVbu(
      w.admin,
      createVbuSchema.parse({ name: "Nia's VBU", gmId: newGm.id, lane: "build" }),
    );
    await reassignGm(w.admin, reassignGmSchema.parse({ vbuId: w.vbuId, gmId: newGm.id }));
    await reassignGm(w.admin, reassignGmSchema.parse({ vbuId: w.vbuId, gmId: newGm.id })); // already theirs
    expect(await told(newGm)).toEqual([
      `vbu_assigned: ${w.admin.name} made you GM of ${w.vbuName}`,
      `vbu_assigned: ${w.admin.name} made you GM of Nia's VBU`,
    ]);
    expect(created.id).toBeTruthy();
  });
});
