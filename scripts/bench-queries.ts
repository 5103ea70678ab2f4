// The statements the pages send, for the bench to time bare (scripts/bench.ts): built by the
// very functions the pages run (lib/auth/session-query.ts, lib/board/read.ts,
// lib/canvas/read.ts) and turned into SQL with Drizzle's toSQL(), so the bench times exactly
// what the pages send, with no copy to keep in step. Tests check that the SQL built here is the
// SQL the pages send (tests/board/query-count.test.ts, tests/canvas/read.test.ts,
// tests/auth/sessions.test.ts).
import { drizzle } from "drizzle-orm/postgres-js";
import * as schema from "../db/schema";
import { sessionUserQuery } from "../lib/auth/session-query";
import { unreadCountQuery } from "../lib/notifications/read";
import { boardQueries } from "../lib/board/read";
import { canvasPageQueries } from "../lib/canvas/read";
import { facetsQuery, historyPageQuery, HISTORY_PAGE_SIZE, namesQuery } from "../lib/history/read";
import { trendsQueries } from "../lib/trends/read";
import { latestPublishedReviewQuery, portfolioReviewQueries, reviewPageQueries } from "../lib/reviews/read";

/** A statement as the bench sends it: its SQL, with $n placeholders, and their values in order. */
export interface Statement {
  sql: string;
  params: unknown[];
}

// A Drizzle database without a connection: enough to build queries and read their SQL.
const db = drizzle.mock({ schema });
const statement = (query: { toSQL(): Statement }): Statement => {
  const { sql, params } = query.toSQL();
  return { sql, params };
};

/** What every page reads first: the session and its user, in one join. */
export const sessionStatement = (token: string): Statement => statement(sessionUserQuery(db, token));

/** What every page's header reads next: the bell's unread count (lib/notifications/read.ts). */
export const unreadCountStatement = (userId: string): Statement => statement(unreadCountQuery(db, userId));

// Someone who runs no VBU (an admin or a viewer): the board's SQL is the same for all of them.
const READER = { id: "00000000-0000-4000-8000-000000000000", role: "viewer" } as const;

/** The board's queries at `now`, side by side, unfiltered: the shown cards, each lane's total, the GMs for the filter. */
export function boardStatements(now: Date): { cards: Statement; totals: Statement; gms: Statement } {
  const { cards, totals, gms } = boardQueries(db, READER, {}, now);
  return { cards: statement(cards), totals: statement(totals), gms: statement(gms) };
}

/** The canvas page's three queries, side by side: the canvas with its VBU and people, its contents, its latest review. */
export function canvasStatements(vbuId: string): { canvas: Statement; contents: Statement; latestReview: Statement } {
  const { canvas, contents } = canvasPageQueries(db, vbuId);
  return {
    canvas: statement(canvas),
    contents: statement(contents),
    latestReview: statement(latestPublishedReviewQuery(db, vbuId)),
  };
}

/** The portfolio's reviews of a month (YYYY-MM-01), side by side: every VBU's, and (admins) the queue. */
export function portfolioReviewStatements(month: string): { rows: Statement; awaiting: Statement } {
  const { rows, awaiting } = portfolioReviewQueries(db, month);
  return { rows: statement(rows), awaiting: statement(awaiting) };
}

/** One review's page, side by side: the VBU, the review, and the last published one before it. */
export function reviewPageStatements(vbuId: string, month: string): Record<"vbu" | "review" | "previous", Statement> {
  const { vbu, review, previous } = reviewPageQueries(db, vbuId, month);
  return { vbu: statement(vbu), review: statement(review), previous: statement(previous) };
}

/** A VBU's history page, unfiltered, side by side: its newest entries, the names they mention, the filter choices. */
export function historyStatements(vbuId: string): Record<"page" | "names" | "facets", Statement> {
  return {
    page: statement(historyPageQuery(db, vbuId, {}, null, HISTORY_PAGE_SIZE + 1)),
    names: statement(namesQuery(db, vbuId)),
    facets: statement(facetsQuery(db, vbuId)),
  };
}

/** The trends page's four queries, unfiltered, at `now`, for a reader. */
export function trendsStatements(now: Date): Record<"statuses" | "lanes" | "moves" | "latestMoves", Statement> {
  const { statuses, lanes, moves, latestMoves } = trendsQueries(db, READER, {}, now);
  return {
    statuses: statement(statuses),
    lanes: statement(lanes),
    moves: statement(moves),
    latestMoves: statement(latestMoves),
  };
}
