// Every exported server action and every route handler is a public endpoint. Each one is
// called here as nobody, as a viewer and as a GM aiming at another GM's VBU (or at admin-only
// work), and must answer exactly as expected (refused, or for reads, allowed) with nothing
// changed (canvas actions aim at Ana's Harbor Logistics, with input that would be accepted
// from Ana). The endpoints are found by reading app/ (tests/support/endpoints.ts): the
// inventory fails, naming it, when one has no case here.
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import {
  accounts,
  attachments,
  canvases,
  commentMentions,
  comments,
  deletedAttachmentFiles,
  emails,
  monthlyReviews,
  notificationPreferences,
  notifications,
  proofPoints,
  theses,
  users,
  vbus,
} from "../../db/schema";
import type { ServerAction } from "../../lib/action-state";
import { proofPointFingerprint, thesisFingerprint } from "../../lib/canvas/fingerprint";
import { freezeCanvas } from "../../lib/reviews/freeze";
import { monthAt, monthParam } from "../../lib/reviews/vocabulary";
import { PNG } from "../attachments/fixtures";
import { type StorageUnderTest, storedFiles, uploaded, useTempStorage } from "../attachments/support";
import { createReview } from "../factories";
import { useSeededAppDatabase } from "../support/app-database";
import { ENGINES } from "../support/database";
import { routeHandlers, serverActions } from "../support/endpoints";
import { clearCookies } from "../support/request";
import { type DemoKey, idOf, run, signInAs } from "../support/session";

// Found by reading app/, not imported by name: a moved or new module is still found.
const ACTIONS = await serverActions();
const ROUTES = await routeHandlers();

function endpoint(list: { name: string; file: string }[], name: string) {
  const found = list.filter((e) => e.name === name);
  if (found.length !== 1) {
    throw new Error(`Expected one endpoint ${name} under app/, found ${found.map((e) => e.file).join(", ") || "none"}`);
  }
  return found[0]!;
}
/** A server action answers a form (checked by each case; the type only says what it takes). */
type Action = ServerAction<unknown>;
const actionNamed = (name: string) => (endpoint(ACTIONS, name) as (typeof ACTIONS)[number]).action as Action;
const routeNamed = (name: string) => endpoint(ROUTES, name) as (typeof ROUTES)[number];

/** Everything a refused endpoint must leave untouched: the database and the stored files. */
async function snapshot(storageRoot: StorageUnderTest) {
  const db = getDb();
  return JSON.stringify([
    await storedFiles(storageRoot),
    await db.select().from(users).orderBy(asc(users.id)),
    await db.select().from(accounts).orderBy(asc(accounts.id)),
    await db.select().from(vbus).orderBy(asc(vbus.id)),
    await db.select().from(canvases).orderBy(asc(canvases.id)),
    await db.select().from(theses).orderBy(asc(theses.id)),
    await db.select().from(proofPoints).orderBy(asc(proofPoints.id)),
    await db.select().from(attachments).orderBy(asc(attachments.id)),
    await db.select().from(deletedAttachmentFiles).orderBy(asc(deletedAttachmentFiles.storagePath)),
    await db.select().from(monthlyReviews).orderBy(asc(monthlyReviews.id)),
    await db.select().from(comments).orderBy(asc(comments.id)),
    await db.select().from(commentMentions).orderBy(asc(commentMentions.commentId), asc(commentMentions.userId)),
    await db.select().from(notifications).orderBy(asc(notifications.id)),
    await db
      .select()
      .from(notificationPreferences)
      .orderBy(asc(notificationPreferences.userId), asc(notificationPreferences.kind)),
    await db.select().from(emails).orderBy(asc(emails.addedSeq)),
  ]);
}

async function vbuIdOf(name: string): Promise<string> {
  const rows = await getDb().select({ id: vbus.id, name: vbus.name }).from(vbus);
  return rows.find((r) => r.name === name)!.id;
}

/** Harbor Logistics' canvas as it is now: its version, its theses in order, a proof point of the first. */
async function harbor() {
  const db = getDb();
  const vbuId = await vbuIdOf("Harbor Logistics");
  const [canvas] = await db.select().from(canvases).where(eq(canvases.vbuId, vbuId));
  const thesisRows = await db.select().from(theses).where(eq(theses.canvasId, canvas!.id)).orderBy(asc(theses.order));
  const [point] = await db.select().from(proofPoints).where(eq(proofPoints.thesisId, thesisRows[0]!.id));
  return { vbuId, version: canvas!.version, ordered: thesisRows, point: point! };
}

const HARBOR_EVIDENCE = "harbor-evidence.png";

/** The evidence file on Harbor Logistics uploaded by Ana before the suite. */
async function harborAttachment(): Promise<string> {
  const [row] = await getDb()
    .select({ id: attachments.id })
    .from(attachments)
    .where(eq(attachments.filename, HARBOR_EVIDENCE));
  return row!.id;
}

const ONLY_ADMINS = /Only admins/;
const NO_SUCH_REVIEW = /^That review was not found\. It may have been deleted\.$/;
const REVIEW_READ_ONLY = /^This review is published: it is read-only, its evidence included\.$/;

/** Harbor Logistics' reviews: a draft of this month and a published one of last month (made in beforeAll). */
async function harborReviews() {
  const rows = await getDb()
    .select({ id: monthlyReviews.id, status: monthlyReviews.status, version: monthlyReviews.version })
    .from(monthlyReviews)
    .where(eq(monthlyReviews.vbuId, await vbuIdOf("Harbor Logistics")));
  const [draft, published] = (["draft", "published"] as const).map((status) => rows.find((r) => r.status === status)!);
  return { draft: draft!, published: published! };
}

/** A comment of Ana's on Harbor Logistics' canvas, for the comment actions to aim at. */
async function anasComment(): Promise<string> {
  const [row] = await getDb()
    .insert(comments)
    .values({ vbuId: await vbuIdOf("Harbor Logistics"), subject: "canvas", authorId: await idOf("ana"), body: "Mine" })
    .returning({ id: comments.id });
  return row!.id;
}

/** A notification of Ana's, for the notification actions to aim at. */
async function anasNotification(): Promise<string> {
  const [row] = await getDb()
    .insert(notifications)
    .values({
      userId: await idOf("ana"),
      kind: "comment",
      vbuId: await vbuIdOf("Harbor Logistics"),
      actorId: await idOf("viewer"),
    })
    .returning({ id: notifications.id });
  return row!.id;
}

/** A review save with valid text, aimed at one review. */
const reviewSave = (review: { id: string; version: number }, intent: "save" | "publish") => ({
  reviewId: review.id,
  version: String(review.version),
  intent,
  learned: "Planted learning",
  decisions: "",
  asks: "Money",
  nextFocus: "",
  health: "on_track",
});
const ONLY_THE_GM = /^Only this VBU's GM, or an admin, can change its canvas\.$/;

interface Case {
  /** The exported name of the action. */
  name: string;
  /** Input aimed at a record the caller may not touch. */
  input: () => Promise<Record<string, string>>;
  /** How a signed-in caller without the right (a viewer, another VBU's GM) is refused. */
  refused: RegExp;
  /** Tells apart two cases of one action. */
  note?: string;
  /** Review actions: the VBU's own GM (Ana), aiming at a published review, and how she is refused. */
  onPublished?: { input: () => Promise<Record<string, string>>; refused: RegExp };
}

// Ana is GM of Harbor Logistics; the attacking GM below is Ben.
const CASES: Case[] = [
  {
    name: "createUserAction",
    input: async () => ({
      name: "Mallory",
      email: "mallory@canvas.example",
      role: "admin",
      temporaryPassword: "a-long-enough-password",
    }),
    refused: ONLY_ADMINS,
  },
  {
    name: "changeRoleAction",
    input: async () => ({ userId: await idOf("ben"), role: "admin" }),
    refused: ONLY_ADMINS,
  },
  {
    name: "disableUserAction",
    input: async () => ({ userId: await idOf("ana") }),
    refused: ONLY_ADMINS,
  },
  {
    name: "enableUserAction",
    input: async () => ({ userId: await idOf("ana") }),
    refused: ONLY_ADMINS,
  },
  {
    name: "deleteUserAction",
    input: async () => ({ userId: await idOf("viewer") }),
    refused: ONLY_ADMINS,
  },
  {
    name: "createVbuAction",
    input: async () => ({ name: "Shadow VBU", gmId: await idOf("ben"), lane: "build" }),
    refused: ONLY_ADMINS,
  },
  {
    name: "renameVbuAction",
    input: async () => ({ vbuId: await vbuIdOf("Harbor Logistics"), name: "Taken over" }),
    refused: ONLY_ADMINS,
  },
  {
    name: "reassignGmAction",
    input: async () => ({ vbuId: await vbuIdOf("Harbor Logistics"), gmId: await idOf("ben") }),
    refused: ONLY_ADMINS,
  },
  {
    name: "deleteVbuAction",
    input: async () => ({ vbuId: await vbuIdOf("Harbor Logistics") }),
    refused: ONLY_ADMINS,
  },
  {
    // The lane of any canvas is the admins' to move on the board (GMs change theirs in the canvas form).
    name: "moveLaneAction",
    input: async () => ({ vbuId: await vbuIdOf("Harbor Logistics"), lane: "milk", version: "1" }),
    refused: ONLY_ADMINS,
  },
  {
    name: "saveCanvasAction",
    input: async () => {
      const { vbuId, version } = await harbor();
      return {
        vbuId,
        version: String(version),
        productName: "Taken over",
        lifecycleLane: "milk",
        successDescription: "",
        futureStateIntent: "",
        primaryFocus: "",
        resistDoing: "",
        goodDiscipline: "",
        primaryConstraint: "",
      };
    },
    refused: ONLY_THE_GM,
  },
  {
    name: "addThesisAction",
    input: async () => ({ vbuId: (await harbor()).vbuId, text: "Planted thesis" }),
    refused: ONLY_THE_GM,
  },
  {
    name: "editThesisAction",
    input: async () => {
      const { vbuId, ordered } = await harbor();
      return { vbuId, thesisId: ordered[0]!.id, text: "Rewritten", previous: thesisFingerprint(ordered[0]!) };
    },
    refused: ONLY_THE_GM,
  },
  {
    name: "deleteThesisAction",
    input: async () => {
      const { vbuId, ordered } = await harbor();
      return { vbuId, thesisId: ordered[0]!.id };
    },
    refused: ONLY_THE_GM,
  },
  {
    name: "reorderThesesAction",
    input: async () => {
      const { vbuId, ordered } = await harbor();
      const ids = ordered.map((t) => t.id);
      return { vbuId, previousOrder: ids.join(","), order: [...ids].reverse().join(",") };
    },
    refused: ONLY_THE_GM,
  },
  {
    name: "addProofPointAction",
    input: async () => {
      const { vbuId, ordered } = await harbor();
      return {
        vbuId,
        thesisId: ordered[0]!.id,
        description: "Planted proof",
        status: "observed",
        evidenceNote: "",
        targetReviewMonth: "2026-01",
      };
    },
    refused: ONLY_THE_GM,
  },
  {
    name: "editProofPointAction",
    input: async () => {
      const { vbuId, point } = await harbor();
      return {
        vbuId,
        proofPointId: point.id,
        description: "Rewritten proof",
        status: "observed",
        evidenceNote: "",
        targetReviewMonth: "",
        previous: proofPointFingerprint(point),
      };
    },
    refused: ONLY_THE_GM,
  },
  {
    name: "deleteProofPointAction",
    input: async () => {
      const { vbuId, point } = await harbor();
      return { vbuId, proofPointId: point.id };
    },
    refused: ONLY_THE_GM,
  },
  {
    name: "setCurrentlyTestingAction",
    input: async () => {
      const { vbuId, ordered } = await harbor();
      return { vbuId, target: `thesis:${ordered.at(-1)!.id}` };
    },
    refused: ONLY_THE_GM,
  },
  {
    name: "relabelAttachmentAction",
    input: async () => ({ attachmentId: await harborAttachment(), label: "Taken over" }),
    refused: ONLY_THE_GM,
  },
  {
    name: "deleteAttachmentAction",
    input: async () => ({ attachmentId: await harborAttachment() }),
    refused: ONLY_THE_GM,
  },
  {
    name: "startReviewAction",
    input: async () => ({ vbuId: await vbuIdOf("Harbor Logistics"), month: new Date().toISOString().slice(0, 7) }),
    refused: /^Only this VBU's GM, or an admin, can write its monthly review\.$/,
  },
  {
    // A draft does not exist for those who may not read it.
    name: "saveReviewAction",
    input: async () => reviewSave((await harborReviews()).draft, "save"),
    refused: NO_SUCH_REVIEW,
    onPublished: {
      input: async () => reviewSave((await harborReviews()).published, "save"),
      refused: REVIEW_READ_ONLY,
    },
  },
  {
    name: "saveReviewAction",
    note: "publishing",
    input: async () => reviewSave((await harborReviews()).draft, "publish"),
    refused: NO_SUCH_REVIEW,
    onPublished: {
      input: async () => reviewSave((await harborReviews()).published, "publish"),
      refused: REVIEW_READ_ONLY,
    },
  },
  {
    name: "deleteReviewAction",
    input: async () => {
      const { draft } = await harborReviews();
      return { reviewId: draft.id, version: String(draft.version) };
    },
    refused: NO_SUCH_REVIEW,
    onPublished: {
      input: async () => {
        const { published } = await harborReviews();
        return { reviewId: published.id, version: String(published.version) };
      },
      refused: REVIEW_READ_ONLY,
    },
  },
  {
    name: "acknowledgeReviewAction",
    input: async () => ({ reviewId: (await harborReviews()).published.id, comment: "Planted" }),
    refused: ONLY_ADMINS,
    onPublished: {
      input: async () => ({ reviewId: (await harborReviews()).published.id, comment: "By myself" }),
      refused: ONLY_ADMINS,
    },
  },
  {
    // Everyone signed in may comment where they may read: a draft review is its GM's and the admins'.
    name: "addCommentAction",
    input: async () => ({
      vbuId: await vbuIdOf("Harbor Logistics"),
      subject: "review",
      subjectId: (await harborReviews()).draft.id,
      body: "Planted",
      mentions: "",
    }),
    refused: /^That review was not found\./,
  },
  {
    name: "editCommentAction",
    input: async () => ({ commentId: await anasComment(), body: "Planted", mentions: "" }),
    refused: /^Only its author can edit a comment\.$/,
  },
  {
    name: "deleteCommentAction",
    input: async () => ({ commentId: await anasComment() }),
    refused: /^Only its author or an admin can delete a comment\.$/,
  },
  {
    name: "openNotificationAction",
    input: async () => ({ notificationId: await anasNotification() }),
    refused: /^That notification was not found\./,
  },
  {
    name: "markNotificationReadAction",
    input: async () => ({ notificationId: await anasNotification() }),
    refused: /^That notification was not found\./,
  },
];

// Actions that need no session, or act only on the caller themselves, each with the reason.
const PUBLIC_ACTIONS: Record<string, string> = {
  markAllNotificationsReadAction:
    "marks only the caller's own notifications read (tests/notifications/notifications.test.ts)",
  changePasswordAction:
    "changes only the caller's own password, after checking the current one (tests/auth/password.test.ts)",
  savePreferencesAction:
    "changes only the caller's own notification settings, on their role as it is now (tests/mail/preferences.test.ts)",
  signInAction: "signing in is how a session starts",
  signOutAction: "only ends the caller's own session",
};

type Caller = "nobody" | "a viewer" | "another VBU's GM";

interface RouteCase {
  /** "METHOD /path", as tests/support/endpoints.ts names a route handler. */
  name: string;
  /** Aimed at Harbor Logistics: the route's params, its query ("?t=…"), and the request's method, headers and body. */
  request: () => Promise<{ params: Record<string, string>; search?: string; init?: RequestInit }>;
  /** Each caller's answer: the status and, for an error, its message. */
  expected: Record<Caller, { status: number; formError?: RegExp }>;
  /** More refusals to check: another caller, with a request of its own. */
  more?: {
    who: string;
    as: DemoKey;
    request: RouteCase["request"];
    expected: { status: number; formError: RegExp };
  }[];
}

const SIGNED_OUT = /^Your session has ended\. Sign in again\.$/;
const SAME_SITE = { host: "localhost:3000", origin: "http://localhost:3000" };
const THAT_VBU = /^That VBU was not found\. It may have been deleted\.$/;
const THAT_REVIEW = /^That review was not found\. It may have been deleted\.$/;
const BAD_UNSUBSCRIBE_LINK = /^This unsubscribe link is not valid/;

/** An unsubscribe token for Ana with a signature the app never made: what a forger can send. */
const forgedToken = async (topic: string) => `${await idOf("ana")}.${topic}.${"A".repeat(43)}`;
const refusedLink = { status: 400, formError: BAD_UNSUBSCRIBE_LINK };

const ROUTE_CASES: RouteCase[] = [
  // Public by design: the load balancer's probes answer everyone alike and reveal nothing
  // (their answers are in tests/ops/readiness.test.ts and tests/ops/server.test.ts).
  ...["GET /healthz", "GET /readyz"].map((name): RouteCase => ({
    name,
    request: async () => ({ params: {} }),
    expected: { nobody: { status: 200 }, "a viewer": { status: 200 }, "another VBU's GM": { status: 200 } },
  })),
  {
    name: "POST /api/proof-points/[id]/attachments",
    request: async () => ({
      params: { id: (await harbor()).point.id },
      init: {
        method: "POST",
        headers: { ...SAME_SITE, "x-file-name": "planted.png", "content-length": String(PNG.length) },
        body: PNG,
      },
    }),
    expected: {
      nobody: { status: 401, formError: SIGNED_OUT },
      "a viewer": { status: 403, formError: /^Only this VBU's GM, or an admin, can add evidence\.$/ },
      "another VBU's GM": { status: 403, formError: /^Only this VBU's GM, or an admin, can add evidence\.$/ },
    },
  },
  {
    // A draft is its GM's and admins' alone: to anyone else it does not exist. A published
    // review is read-only for everyone, its GM included (more in tests/attachments/review-evidence.test.ts).
    name: "POST /api/reviews/[id]/attachments",
    request: async () => ({
      params: { id: (await harborReviews()).draft.id },
      init: {
        method: "POST",
        headers: { ...SAME_SITE, "x-file-name": "planted.png", "content-length": String(PNG.length) },
        body: PNG,
      },
    }),
    expected: {
      nobody: { status: 401, formError: SIGNED_OUT },
      "a viewer": { status: 404, formError: /^That review was not found\. It may have been deleted\.$/ },
      "another VBU's GM": { status: 404, formError: /^That review was not found\. It may have been deleted\.$/ },
    },
    more: [
      {
        who: "the VBU's GM, on a published review",
        as: "ana",
        request: async () => ({
          params: { id: (await harborReviews()).published.id },
          init: {
            method: "POST",
            headers: { ...SAME_SITE, "x-file-name": "planted.png", "content-length": String(PNG.length) },
            body: PNG,
          },
        }),
        expected: {
          status: 422,
          formError: /^This review is published: it is read-only, its evidence included\.$/,
        },
      },
    ],
  },
  {
    // Every signed-in role reads every canvas, evidence included; signed out, the same 404 as
    // an unknown id (more in tests/attachments/download.test.ts).
    name: "GET /api/attachments/[id]",
    request: async () => ({ params: { id: await harborAttachment() } }),
    expected: {
      nobody: { status: 404, formError: /^That evidence file was not found\. It may have been deleted\.$/ },
      "a viewer": { status: 200 },
      "another VBU's GM": { status: 200 },
    },
  },
  {
    // The thumbnail on the download's terms (more in tests/attachments/thumbnail.test.ts).
    name: "GET /api/attachments/[id]/thumbnail",
    request: async () => ({ params: { id: await harborAttachment() } }),
    expected: {
      nobody: { status: 404, formError: /^That evidence file was not found\. It may have been deleted\.$/ },
      "a viewer": { status: 200 },
      "another VBU's GM": { status: 200 },
    },
  },
  {
    // Every signed-in role reads every canvas; signed out, the downloads' 404 (more in tests/export/pdf-canvas.test.ts).
    name: "GET /vbus/[id]/canvas.pdf",
    request: async () => ({ params: { id: (await harbor()).vbuId } }),
    expected: {
      nobody: { status: 404, formError: THAT_VBU },
      "a viewer": { status: 200 },
      "another VBU's GM": { status: 200 },
    },
  },
  {
    // A published review is everyone's; a draft is its GM's and admins', to anyone else the same
    // 404 as no review (more in tests/export/pdf-review.test.ts).
    name: "GET /vbus/[id]/reviews/[month]/pdf",
    request: async () => ({ params: { id: (await harbor()).vbuId, month: monthParam(monthAt(new Date(), -1)) } }),
    expected: {
      nobody: { status: 404, formError: THAT_REVIEW },
      "a viewer": { status: 200 },
      "another VBU's GM": { status: 200 },
    },
    more: (["viewer", "ben"] as const).map((as) => ({
      who: `${as === "ben" ? "another VBU's GM" : "a viewer"}, on the draft`,
      as,
      request: async () => ({ params: { id: (await harbor()).vbuId, month: monthParam(monthAt(new Date())) } }),
      expected: { status: 404, formError: THAT_REVIEW },
    })),
  },
  {
    // The pack holds what the board shows everyone; signed out, the downloads' 404 (more in
    // tests/export/pdf-portfolio.test.ts).
    name: "GET /export/portfolio.pdf",
    request: async () => ({ params: {} }),
    expected: {
      nobody: { status: 404, formError: /^That page was not found\. It may have been deleted\.$/ },
      "a viewer": { status: 200 },
      "another VBU's GM": { status: 200 },
    },
  },
  // Public by design: no session, the signed token in an email's link is the authority, so
  // whoever calls, a forged one is refused alike (more in tests/mail/preferences.test.ts).
  {
    name: "GET /unsubscribe",
    request: async () => ({ params: {}, search: `?t=${await forgedToken("mention")}` }),
    expected: { nobody: refusedLink, "a viewer": refusedLink, "another VBU's GM": refusedLink },
  },
  {
    // RFC 8058's one-click POST, as a mail client sends it.
    name: "POST /unsubscribe",
    request: async () => ({
      params: {},
      search: `?t=${await forgedToken("weekly_digest")}`,
      init: {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      },
    }),
    expected: { nobody: refusedLink, "a viewer": refusedLink, "another VBU's GM": refusedLink },
  },
  {
    // Undo, as the page's form posts it.
    name: "POST /unsubscribe/undo",
    request: async () => ({
      params: {},
      init: {
        method: "POST",
        headers: { ...SAME_SITE, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ t: await forgedToken("daily_digest"), kinds: "mention" }).toString(),
      },
    }),
    expected: { nobody: refusedLink, "a viewer": refusedLink, "another VBU's GM": refusedLink },
  },
  // Every signed-in role reads every VBU's proof points, as on the board; signed out, the
  // downloads' 404 (more in tests/export/proof-points.test.ts).
  ...["GET /export/proof-points.csv", "GET /export/proof-points.xlsx"].map((name): RouteCase => ({
    name,
    request: async () => ({ params: {} }),
    expected: {
      nobody: { status: 404, formError: /^That export was not found\. It may have been deleted\.$/ },
      "a viewer": { status: 200 },
      "another VBU's GM": { status: 200 },
    },
  })),
];

/** Calls a route handler as Next.js would: a Request for its path, and its params. */
async function callRoute(c: Pick<RouteCase, "name" | "request">): Promise<{ status: number; formError?: string }> {
  const { path, handler } = routeNamed(c.name);
  const { params, search, init } = await c.request();
  const url = new URL(
    path.replace(/\[(\w+)\]/g, (_, key: string) => params[key]!),
    "http://localhost:3000",
  );
  if (search) url.search = search;
  const response = (await handler(new Request(url, init), {
    params: Promise.resolve(params),
  })) as Response;
  if (response.headers.get("content-type")?.startsWith("application/json")) {
    const json = (await response.json()) as { formError?: string };
    return { status: response.status, formError: json.formError };
  }
  await response.arrayBuffer(); // read to the end: the file handle closes
  return { status: response.status };
}

describe.each(ENGINES)("server action authorization on %s", (engine) => {
  useSeededAppDatabase(engine);
  const storage = useTempStorage(); // where a wrongly allowed delete would remove files: never the real one
  beforeAll(async () => {
    await signInAs("ana");
    await uploaded((await harbor()).point.id, PNG, { name: HARBOR_EVIDENCE, label: "Pilot dashboard" });
    // Harbor's draft of this month and a published review of last month (whatever the seed wrote).
    const vbuId = (await harbor()).vbuId;
    const db = getDb();
    await db.delete(monthlyReviews).where(eq(monthlyReviews.vbuId, vbuId));
    await createReview(db, { vbuId, month: monthAt(new Date()) });
    await createReview(db, {
      vbuId,
      month: monthAt(new Date(), -1),
      status: "published",
      health: "at_risk",
      snapshot: await freezeCanvas(db, vbuId, new Date()),
      publishedAt: new Date(),
    });
  });

  // What each caller is refused with, given the case.
  const callers: { who: Caller; signIn: () => Promise<void>; expected: (c: Case) => RegExp }[] = [
    { who: "nobody", signIn: async () => clearCookies(), expected: () => SIGNED_OUT },
    { who: "a viewer", signIn: () => signInAs("viewer"), expected: (c) => c.refused },
    { who: "another VBU's GM", signIn: () => signInAs("ben"), expected: (c) => c.refused },
  ];

  for (const c of CASES) {
    const { name, input } = c;
    for (const { who, signIn, expected } of callers) {
      it(`${name}${c.note ? ` (${c.note})` : ""} refuses ${who} and changes nothing`, async () => {
        await signIn();
        const values = await input();
        const before = await snapshot(storage.root());
        const result = await run(actionNamed(name), values);
        expect(result).toMatchObject({ status: "error", formError: expect.stringMatching(expected(c)) });
        expect(await snapshot(storage.root())).toBe(before);
      });
    }
  }

  for (const c of CASES) {
    if (!c.onPublished) continue;
    const { input, refused } = c.onPublished;
    it(`${c.name}${c.note ? ` (${c.note})` : ""} refuses the VBU's own GM on a published review and changes nothing`, async () => {
      await signInAs("ana");
      const values = await input();
      const before = await snapshot(storage.root());
      expect(await run(actionNamed(c.name), values)).toMatchObject({
        status: "error",
        formError: expect.stringMatching(refused),
      });
      expect(await snapshot(storage.root())).toBe(before);
    });
  }

  for (const c of ROUTE_CASES) {
    for (const { who, signIn } of callers) {
      const expected = c.expected[who];
      const answers = expected.formError ? `refuses ${who} (${expected.status})` : `lets ${who} read`;
      it(`${c.name} ${answers} and changes nothing`, async () => {
        await signIn();
        const before = await snapshot(storage.root());
        const { status, formError } = await callRoute(c);
        expect({ status, formError }).toEqual({
          status: expected.status,
          formError: expected.formError ? expect.stringMatching(expected.formError) : undefined,
        });
        expect(await snapshot(storage.root())).toBe(before);
      });
    }
    for (const more of c.more ?? []) {
      it(`${c.name} refuses ${more.who} (${more.expected.status}) and changes nothing`, async () => {
        await signInAs(more.as);
        const before = await snapshot(storage.root());
        const { status, formError } = await callRoute({ name: c.name, request: more.request });
        expect({ status, formError }).toEqual({
          status: more.expected.status,
          formError: expect.stringMatching(more.expected.formError),
        });
        expect(await snapshot(storage.root())).toBe(before);
      });
    }
  }

  it("refuses nobody even when the input is invalid (authentication comes before validation)", async () => {
    clearCookies();
    for (const { name } of CASES) {
      expect(await run(actionNamed(name), { vbuId: "not-a-uuid" })).toMatchObject({
        formError: expect.stringMatching(/session has ended/),
      });
    }
  });
});

describe("the endpoint inventory", () => {
  const CASE_FILE = "tests/actions/authorization.test.ts";
  const covered = new Set([...CASES.map((c) => c.name), ...Object.keys(PUBLIC_ACTIONS)]);

  it("finds the endpoints by reading app/", () => {
    expect(ACTIONS.length).toBeGreaterThanOrEqual(20);
    expect(ROUTES.map((r) => r.name)).toEqual(expect.arrayContaining(ROUTE_CASES.map((c) => c.name)));
  });

  it("has a case for every exported server action under app/", () => {
    const uncovered = ACTIONS.filter((a) => !covered.has(a.name)).map(
      (a) => `the server action ${a.name} (${a.file}) has no case in CASES or PUBLIC_ACTIONS of ${CASE_FILE}`,
    );
    expect(uncovered).toEqual([]);
  });

  it("has a case for every route handler under app/", () => {
    const cases = new Set(ROUTE_CASES.map((c) => c.name));
    const uncovered = ROUTES.filter((r) => !cases.has(r.name)).map(
      (r) => `the route handler ${r.name} (${r.file}) has no case in ROUTE_CASES of ${CASE_FILE}`,
    );
    expect(uncovered).toEqual([]);
  });

  it("names each server action once, and has no case for an endpoint that is gone", () => {
    const names = ACTIONS.map((a) => a.name);
    const twice = ACTIONS.filter((a) => names.indexOf(a.name) !== names.lastIndexOf(a.name));
    expect(twice.map((a) => `${a.name} (${a.file}) is exported by more than one module`)).toEqual([]);
    const stale = [
      ...[...covered].filter((name) => !names.includes(name)),
      ...ROUTE_CASES.map((c) => c.name).filter((name) => !ROUTES.some((r) => r.name === name)),
    ];
    expect(stale.map((name) => `${CASE_FILE} has a case for ${name}, which app/ no longer exports`)).toEqual([]);
  });
});
