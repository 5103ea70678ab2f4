import "server-only";
import { alias } from "drizzle-orm/pg-core";
import { and, asc, desc, eq, isNotNull, isNull, lt, sql } from "drizzle-orm";
import { type Database, getDb } from "../../db/client";
import {
  canvases,
  type LifecycleLane,
  monthlyReviews,
  type ReviewHealth,
  type ReviewStatus,
  users,
  vbus,
} from "../../db/schema";
import { type Actor, canAcknowledgeReviews, canEditCanvasOf, canReadReview } from "../auth/roles";
import { NotFoundError } from "../errors";
import type { AttachmentView } from "../attachments/attachments";
import { reviewEvidence } from "../attachments/review-evidence";
import { freezeCanvas } from "./freeze";
import { AWAITING_LIMIT, AWAITING_SHOWN } from "./portfolio";
import type { ReviewSnapshot } from "./snapshot";
import { isReviewOverdue, monthAt, monthParam, monthRefusal, type NarrativeField } from "./vocabulary";

// Reads of monthly reviews: a VBU's list, one review with what changed since the last one, and
// the portfolio's reviews of a month. Drafts are shown only to those who may write them
// (canReadReview): to anyone else a draft does not exist.

type Reader = Pick<Database, "select">;

export interface ReviewListItem {
  /** YYYY-MM */
  month: string;
  status: ReviewStatus;
  health: ReviewHealth | null;
  publishedAt: string | null;
  publishedByName: string | null;
  acknowledged: boolean;
}

export interface VbuReviews {
  vbu: { id: string; name: string; gmName: string };
  reviews: ReviewListItem[];
  /** Months (YYYY-MM) this actor may start a review for now: this month and last, if not started. */
  startable: string[];
}

const vbuHeaderQuery = (db: Reader, vbuId: string) =>
  db
    .select({ id: vbus.id, name: vbus.name, gmId: vbus.gmId, gmName: users.name })
    .from(vbus)
    .innerJoin(users, eq(users.id, vbus.gmId))
    .where(eq(vbus.id, vbuId));

async function vbuHeader(db: Reader, vbuId: string) {
  const [vbu] = await vbuHeaderQuery(db, vbuId);
  if (!vbu) throw new NotFoundError("That VBU");
  return vbu;
}

export async function getVbuReviews(actor: Actor, vbuId: string, now: Date): Promise<VbuReviews> {
  const db = getDb();
  const publisher = alias(users, "publisher");
  const [vbu, rows] = await Promise.all([
    vbuHeader(db, vbuId),
    db
      .select({
        month: monthlyReviews.month,
        status: monthlyReviews.status,
        health: monthlyReviews.health,
        publishedAt: monthlyReviews.publishedAt,
        publishedByName: publisher.name,
        acknowledgedAt: monthlyReviews.acknowledgedAt,
      })
      .from(monthlyReviews)
      .leftJoin(publisher, eq(publisher.id, monthlyReviews.publishedBy))
      .where(eq(monthlyReviews.vbuId, vbuId))
      .orderBy(desc(monthlyReviews.month)),
  ]);
  const canWrite = canEditCanvasOf(actor, vbu);
  const reviews = rows
    .filter((row) => canReadReview(actor, { gmId: vbu.gmId, status: row.status }))
    .map((row) => ({
      month: monthParam(row.month),
      status: row.status,
      health: row.health,
      publishedAt: row.publishedAt?.toISOString() ?? null,
      publishedByName: row.publishedByName,
      acknowledged: row.acknowledgedAt !== null,
    }));
  const started = new Set(rows.map((row) => row.month));
  const startable = canWrite ? [monthAt(now), monthAt(now, -1)].filter((m) => !started.has(m)).map(monthParam) : [];
  return { vbu: { id: vbu.id, name: vbu.name, gmName: vbu.gmName }, reviews, startable };
}

export interface ReviewView {
  id: string;
  status: ReviewStatus;
  version: number;
  narrative: Record<NarrativeField, string | null>;
  health: ReviewHealth | null;
  publishedAt: string | null;
  publishedByName: string | null;
  updatedAt: string;
  updatedByName: string | null;
  acknowledgement: { byName: string | null; at: string; comment: string | null } | null;
  /** The review's own evidence files, in the order they were added. */
  evidence: AttachmentView[];
}

export interface ReviewPage {
  vbu: { id: string; name: string; gmName: string };
  /** YYYY-MM */
  month: string;
  /** Null: no review this actor may read for that month. */
  review: ReviewView | null;
  /** The draft editor, not the frozen review. */
  canEdit: boolean;
  /** "Start the review" is offered (no review yet, an open month, the GM or an admin). */
  canStart: boolean;
  canAcknowledge: boolean;
  /** What the diff compares: the last published review before this month (or none), and this one. */
  comparison: { before: ReviewSnapshot | null; beforeMonth: string | null; after: ReviewSnapshot } | null;
}

/** The review columns a page shows, with the people named. */
function reviewQuery(db: Reader) {
  const publisher = alias(users, "publisher");
  const editor = alias(users, "editor");
  const acknowledger = alias(users, "acknowledger");
  return db
    .select({
      id: monthlyReviews.id,
      status: monthlyReviews.status,
      version: monthlyReviews.version,
      learned: monthlyReviews.learned,
      decisions: monthlyReviews.decisions,
      asks: monthlyReviews.asks,
      nextFocus: monthlyReviews.nextFocus,
      health: monthlyReviews.health,
      snapshot: monthlyReviews.snapshot,
      publishedAt: monthlyReviews.publishedAt,
      publishedByName: publisher.name,
      updatedAt: monthlyReviews.updatedAt,
      updatedByName: editor.name,
      acknowledgedAt: monthlyReviews.acknowledgedAt,
      acknowledgedByName: acknowledger.name,
      acknowledgementComment: monthlyReviews.acknowledgementComment,
    })
    .from(monthlyReviews)
    .leftJoin(publisher, eq(publisher.id, monthlyReviews.publishedBy))
    .leftJoin(editor, eq(editor.id, monthlyReviews.updatedBy))
    .leftJoin(acknowledger, eq(acknowledger.id, monthlyReviews.acknowledgedBy));
}

/**
 * The review page's three queries, built and not run (the bench times their SQL): the VBU and
 * its GM, the review of the month, and the last published snapshot before that month.
 */
export function reviewPageQueries(db: Reader, vbuId: string, month: string) {
  return {
    vbu: vbuHeaderQuery(db, vbuId),
    review: reviewQuery(db).where(and(eq(monthlyReviews.vbuId, vbuId), eq(monthlyReviews.month, month))),
    previous: previousPublishedQuery(db, vbuId, month),
  };
}

/** The last published snapshot of a VBU before a month, and its month. */
function previousPublishedQuery(db: Reader, vbuId: string, month: string) {
  return db
    .select({ month: monthlyReviews.month, snapshot: monthlyReviews.snapshot })
    .from(monthlyReviews)
    .where(
      and(eq(monthlyReviews.vbuId, vbuId), eq(monthlyReviews.status, "published"), lt(monthlyReviews.month, month)),
    )
    .orderBy(desc(monthlyReviews.month))
    .limit(1);
}

/**
 * One VBU's review of one month (the first day, YYYY-MM-01), as this actor may see it: a
 * published review with its frozen snapshot against the last published one before it; a draft,
 * for its writers, against the canvas as it is now.
 */
export async function getReviewPage(actor: Actor, vbuId: string, month: string, now: Date): Promise<ReviewPage> {
  const db = getDb();
  const queries = reviewPageQueries(db, vbuId, month);
  const [[vbu], [row], [previous]] = await Promise.all([queries.vbu, queries.review, queries.previous]);
  if (!vbu) throw new NotFoundError("That VBU");
  const header = { id: vbu.id, name: vbu.name, gmName: vbu.gmName };
  const canWrite = canEditCanvasOf(actor, vbu);
  const visible = row && canReadReview(actor, { gmId: vbu.gmId, status: row.status }) ? row : null;
  if (!visible) {
    const canStart = canWrite && monthRefusal(month, now) === null && !row;
    return {
      vbu: header,
      month: monthParam(month),
      review: null,
      canEdit: false,
      canStart,
      canAcknowledge: false,
      comparison: null,
    };
  }
  const [after, evidence] = await Promise.all([
    visible.snapshot ?? freezeCanvas(db, vbuId, now),
    reviewEvidence(db, visible.id),
  ]);
  return {
    vbu: header,
    month: monthParam(month),
    review: { ...toReviewView(visible), evidence },
    canEdit: visible.status === "draft" && canWrite && monthRefusal(month, now) === null,
    canStart: false,
    canAcknowledge: visible.status === "published" && !visible.acknowledgedAt && canAcknowledgeReviews(actor),
    comparison: {
      before: previous?.snapshot ?? null,
      beforeMonth: previous ? monthParam(previous.month) : null,
      after,
    },
  };
}

function toReviewView(
  row: Awaited<ReturnType<ReturnType<typeof reviewQuery>["execute"]>>[number],
): Omit<ReviewView, "evidence"> {
  return {
    id: row.id,
    status: row.status,
    version: row.version,
    narrative: { learned: row.learned, decisions: row.decisions, asks: row.asks, nextFocus: row.nextFocus },
    health: row.health,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    publishedByName: row.publishedByName,
    updatedAt: row.updatedAt.toISOString(),
    updatedByName: row.updatedByName,
    acknowledgement: row.acknowledgedAt
      ? {
          byName: row.acknowledgedByName,
          at: row.acknowledgedAt.toISOString(),
          comment: row.acknowledgementComment,
        }
      : null,
  };
}

// ---------------------------------------------------------------------------- the portfolio's month

export type PortfolioReviewState = "published" | "draft" | "due" | "overdue";

export interface PortfolioReviewRow {
  vbuId: string;
  vbuName: string;
  gmName: string;
  lane: LifecycleLane;
  state: PortfolioReviewState;
  health: ReviewHealth | null;
  /** What the VBU asks of the portfolio (published reviews only). */
  asks: string | null;
  acknowledged: boolean;
}

export interface AwaitingAcknowledgement {
  reviewId: string;
  vbuId: string;
  vbuName: string;
  /** YYYY-MM */
  month: string;
  health: ReviewHealth;
  publishedAt: string;
}

export interface PortfolioReviews {
  /** YYYY-MM */
  month: string;
  rows: PortfolioReviewRow[];
  /** Admins only: published reviews of any month not yet acknowledged, oldest first (a few of them), and how many in all. */
  awaiting: { items: AwaitingAcknowledgement[]; total: number } | null;
}

/**
 * The portfolio's review page's queries, built and not run (the bench times their SQL): every
 * VBU with its lane and its review of the month, and the acknowledgement queue.
 */
export function portfolioReviewQueries(db: Reader, month: string, queueLimit: number = AWAITING_SHOWN) {
  const gm = alias(users, "gm");
  return {
    rows: db
      .select({
        vbuId: vbus.id,
        vbuName: vbus.name,
        gmName: gm.name,
        lane: canvases.lifecycleLane,
        status: monthlyReviews.status,
        // A draft is its writers' work in progress: its health call and asks are not shown here.
        health: sql<ReviewHealth | null>`CASE WHEN ${monthlyReviews.status} = 'published' THEN ${monthlyReviews.health} END`,
        asks: sql<string | null>`CASE WHEN ${monthlyReviews.status} = 'published' THEN ${monthlyReviews.asks} END`,
        acknowledgedAt: monthlyReviews.acknowledgedAt,
      })
      .from(vbus)
      .innerJoin(canvases, eq(canvases.vbuId, vbus.id))
      .innerJoin(gm, eq(gm.id, vbus.gmId))
      .leftJoin(monthlyReviews, and(eq(monthlyReviews.vbuId, vbus.id), eq(monthlyReviews.month, month)))
      .orderBy(asc(vbus.name), asc(vbus.id)),
    awaiting: db
      .select({
        reviewId: monthlyReviews.id,
        vbuId: vbus.id,
        vbuName: vbus.name,
        month: monthlyReviews.month,
        health: monthlyReviews.health,
        publishedAt: monthlyReviews.publishedAt,
        // The whole queue's size, counted before the limit in the same query.
        total: sql<number>`count(*) over ()`.mapWith(Number),
      })
      .from(monthlyReviews)
      .innerJoin(vbus, eq(vbus.id, monthlyReviews.vbuId))
      .where(
        and(
          eq(monthlyReviews.status, "published"),
          isNull(monthlyReviews.acknowledgedAt),
          isNotNull(monthlyReviews.publishedAt),
        ),
      )
      .orderBy(asc(monthlyReviews.publishedAt), asc(monthlyReviews.id))
      .limit(queueLimit),
  };
}

/** The month's reviews of every VBU; with `queueOpen`, more of the acknowledgement queue. */
export async function getPortfolioReviews(
  actor: Actor,
  month: string,
  now: Date,
  { queueOpen = false }: { queueOpen?: boolean } = {},
): Promise<PortfolioReviews> {
  const queries = portfolioReviewQueries(getDb(), month, queueOpen ? AWAITING_LIMIT : AWAITING_SHOWN);
  const admin = canAcknowledgeReviews(actor);
  const [rows, awaiting] = await Promise.all([queries.rows, admin ? queries.awaiting : Promise.resolve(null)]);
  return {
    month: monthParam(month),
    rows: rows.map(({ status, acknowledgedAt, ...row }) => ({
      ...row,
      state: status ?? (isReviewOverdue(month, now) ? "overdue" : "due"),
      acknowledged: acknowledgedAt !== null,
    })),
    awaiting: awaiting && {
      items: awaiting.map((row) => ({
        reviewId: row.reviewId,
        vbuId: row.vbuId,
        vbuName: row.vbuName,
        month: monthParam(row.month),
        health: row.health!,
        publishedAt: row.publishedAt!.toISOString(),
      })),
      total: awaiting[0]?.total ?? 0,
    },
  };
}

/** The canvas page's third query, built and not run: the VBU's latest published review. */
export const latestPublishedReviewQuery = (db: Reader, vbuId: string) =>
  db
    .select({ month: monthlyReviews.month, publishedAt: monthlyReviews.publishedAt })
    .from(monthlyReviews)
    .where(and(eq(monthlyReviews.vbuId, vbuId), eq(monthlyReviews.status, "published")))
    .orderBy(desc(monthlyReviews.month))
    .limit(1);

/** The canvas page's pointer: the VBU's latest published review, if any. */
export async function latestPublishedReview(vbuId: string): Promise<{ month: string; publishedAt: string } | null> {
  const [row] = await latestPublishedReviewQuery(getDb(), vbuId);
  return row ? { month: monthParam(row.month), publishedAt: row.publishedAt!.toISOString() } : null;
}
