// The data contract (shared/spec/T-020-canvas-tables.md) as Drizzle tables, with the
// defects listed in shared/design/NOTES.md fixed. Names of constraints and indexes are
// the contract's; foreign keys carry PostgreSQL's default names (what the contract's
// unnamed ForeignKeyConstraint would get).
//
// One thing Drizzle cannot say: `uq_theses_canvas_order` is DEFERRABLE INITIALLY IMMEDIATE.
// That is set by the custom migration drizzle/0002_deferrable_thesis_order.sql.
import { relations, sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import {
  ATTACHMENT_CONTENT_TYPES,
  ATTACHMENT_LABEL_MAX,
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_NAME_MAX,
} from "../lib/attachments/vocabulary";
import type { ReviewSnapshot } from "../lib/reviews/snapshot";

// ---------------------------------------------------------------------------- enums

export const userRole = pgEnum("user_role", ["admin", "gm", "viewer"]);
export const lifecycleLane = pgEnum("lifecycle_lane", ["build", "sell", "milk", "reframe"]);
export const currentlyTestingType = pgEnum("currently_testing_type", ["thesis", "proof_point"]);
export const proofPointStatus = pgEnum("proof_point_status", ["not_started", "in_progress", "observed", "stalled"]);
export const reviewStatus = pgEnum("review_status", ["draft", "published"]);
export const reviewHealth = pgEnum("review_health", ["on_track", "at_risk", "off_track"]);

const createdAt = () => timestamp("created_at", { withTimezone: true }).defaultNow().notNull();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).defaultNow().notNull();
// The order rows were added in, for listing them: created_at is its transaction's start, so rows
// added together tie (a seed, or PGlite, which keeps whole milliseconds), and a uuid is random.
const addedSeq = () => bigint("added_seq", { mode: "number" }).generatedAlwaysAsIdentity().notNull();

// ---------------------------------------------------------------------------- tables

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: varchar("email", { length: 255 }).notNull(),
    name: varchar("name", { length: 255 }).notNull(),
    role: userRole("role").notNull().default("viewer"),
    // better-auth's user fields.
    emailVerified: boolean("email_verified").notNull().default(false),
    image: text("image"),
    // A disabled user cannot sign in, and disabling ends their sessions.
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    // Set when an admin gives a temporary password: the user must choose their own first.
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    /** An IANA zone ("Europe/Paris"): when their digests arrive (lib/mail/preferences.ts). */
    timeZone: varchar("time_zone", { length: 64 }).notNull().default("UTC"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Emails are unique whatever their case: Ana@x.com and ana@x.com are one person.
    uniqueIndex("uq_users_email_lower").on(sql`lower(${t.email})`),
    check("ck_users_email_not_empty", sql`LENGTH(TRIM(email)) > 0`),
    check("ck_users_name_not_empty", sql`LENGTH(TRIM(name)) > 0`),
  ],
);

// ---------------------------------------------------------------------------- sign-in (better-auth)

export const sessions = pgTable(
  "sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    token: text("token").notNull(),
    userId: uuid("user_id").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({ name: "sessions_user_id_fkey", columns: [t.userId], foreignColumns: [users.id] }).onDelete("cascade"),
    uniqueIndex("uq_sessions_token").on(t.token),
    index("ix_sessions_user_id").on(t.userId),
  ],
);

// One row per way a user signs in; the password hash (argon2id) lives here, never on users.
export const accounts = pgTable(
  "accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: uuid("user_id").notNull(),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at", { withTimezone: true }),
    refreshTokenExpiresAt: timestamp("refresh_token_expires_at", { withTimezone: true }),
    scope: text("scope"),
    password: text("password"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({ name: "accounts_user_id_fkey", columns: [t.userId], foreignColumns: [users.id] }).onDelete("cascade"),
    uniqueIndex("uq_accounts_provider_account").on(t.providerId, t.accountId),
    index("ix_accounts_user_id").on(t.userId),
  ],
);

export const verifications = pgTable(
  "verifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    identifier: text("identifier").notNull(),
    value: text("value").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("ix_verifications_identifier").on(t.identifier)],
);

// Sign-in attempts, keyed by account ("email:...") and by address ("ip:..."), for rate limiting:
// a row is written before the password is checked and kept only if it was wrong.
export const signInFailures = pgTable(
  "sign_in_failures",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    key: varchar("key", { length: 320 }).notNull(),
    failedAt: timestamp("failed_at", { withTimezone: true }).defaultNow().notNull(),
  },
  (t) => [index("ix_sign_in_failures_key_failed_at").on(t.key, t.failedAt)],
);

// ---------------------------------------------------------------------------- the canvas

export const vbus = pgTable(
  "vbus",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: varchar("name", { length: 255 }).notNull(),
    gmId: uuid("gm_id").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    updatedBy: uuid("updated_by"),
  },
  (t) => [
    foreignKey({ name: "vbus_gm_id_fkey", columns: [t.gmId], foreignColumns: [users.id] }).onDelete("restrict"),
    foreignKey({ name: "vbus_updated_by_fkey", columns: [t.updatedBy], foreignColumns: [users.id] }).onDelete(
      "set null",
    ),
    check("ck_vbus_name_not_empty", sql`LENGTH(TRIM(name)) > 0`),
    index("ix_vbus_gm_id").on(t.gmId),
  ],
);

export const canvases = pgTable(
  "canvases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    vbuId: uuid("vbu_id").notNull(),
    productName: varchar("product_name", { length: 255 }),
    lifecycleLane: lifecycleLane("lifecycle_lane").notNull(),
    successDescription: text("success_description"),
    futureStateIntent: text("future_state_intent"),
    primaryFocus: varchar("primary_focus", { length: 255 }),
    resistDoing: text("resist_doing"),
    goodDiscipline: text("good_discipline"),
    primaryConstraint: text("primary_constraint"),
    // Points at a thesis or a proof point of this canvas; no foreign key can say that,
    // so lib/ keeps it valid (NOTES.md #5).
    currentlyTestingType: currentlyTestingType("currently_testing_type"),
    currentlyTestingId: uuid("currently_testing_id"),
    portfolioNotes: text("portfolio_notes"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    updatedBy: uuid("updated_by"),
    // Optimistic concurrency: a save carries the version it read (NOTES.md #8).
    version: integer("version").notNull().default(1),
    // Who saved the version above, and when: a conflict names them. updated_by/updated_at
    // also move with theses and proof points, which do not change the version.
    versionSavedAt: timestamp("version_saved_at", { withTimezone: true }).defaultNow().notNull(),
    versionSavedBy: uuid("version_saved_by"),
  },
  (t) => [
    foreignKey({ name: "canvases_vbu_id_fkey", columns: [t.vbuId], foreignColumns: [vbus.id] }).onDelete("cascade"),
    foreignKey({ name: "canvases_updated_by_fkey", columns: [t.updatedBy], foreignColumns: [users.id] }).onDelete(
      "set null",
    ),
    foreignKey({
      name: "canvases_version_saved_by_fkey",
      columns: [t.versionSavedBy],
      foreignColumns: [users.id],
    }).onDelete("set null"),
    check("ck_canvas_product_name", sql`product_name IS NULL OR LENGTH(TRIM(product_name)) > 0`),
    check("ck_currently_testing_consistency", sql`(currently_testing_type IS NULL) = (currently_testing_id IS NULL)`),
    check("ck_canvas_version_positive", sql`version >= 1`),
    // The contract's unique=True and its unique index would be two indexes: keep the index.
    uniqueIndex("uq_canvases_vbu_id").on(t.vbuId),
    index("ix_canvases_lifecycle_lane").on(t.lifecycleLane),
  ],
);

export const theses = pgTable(
  "theses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    canvasId: uuid("canvas_id").notNull(),
    order: integer("order").notNull(),
    text: text("text").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({ name: "theses_canvas_id_fkey", columns: [t.canvasId], foreignColumns: [canvases.id] }).onDelete(
      "cascade",
    ),
    // `order` is a reserved word: quoted, or PostgreSQL refuses the constraint (NOTES.md #1).
    check("ck_thesis_order_range", sql`"order" BETWEEN 1 AND 5`),
    check("ck_thesis_text_not_empty", sql`LENGTH(TRIM(text)) > 0`),
    unique("uq_theses_canvas_order").on(t.canvasId, t.order),
    index("ix_theses_canvas_id").on(t.canvasId),
  ],
);

export const proofPoints = pgTable(
  "proof_points",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    thesisId: uuid("thesis_id").notNull(),
    description: text("description").notNull(),
    status: proofPointStatus("status").notNull().default("not_started"),
    evidenceNote: text("evidence_note"),
    targetReviewMonth: date("target_review_month"),
    addedSeq: addedSeq(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({ name: "proof_points_thesis_id_fkey", columns: [t.thesisId], foreignColumns: [theses.id] }).onDelete(
      "cascade",
    ),
    check("ck_proof_point_description_not_empty", sql`LENGTH(TRIM(description)) > 0`),
    index("ix_proof_points_thesis_id").on(t.thesisId),
    index("ix_proof_points_status").on(t.status),
  ],
);

export const attachments = pgTable(
  "attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    proofPointId: uuid("proof_point_id"),
    // Evidence for a monthly review instead of a proof point (exactly one parent: the CHECK below).
    monthlyReviewId: uuid("monthly_review_id"),
    filename: varchar("filename", { length: ATTACHMENT_NAME_MAX }).notNull(),
    storagePath: varchar("storage_path", { length: 1024 }).notNull(),
    contentType: varchar("content_type", { length: 128 }).notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    label: varchar("label", { length: ATTACHMENT_LABEL_MAX }),
    uploadedBy: uuid("uploaded_by").notNull(),
    // Beyond the contract: whether a thumbnail is stored beside the file (lib/attachments/storage.ts).
    hasThumbnail: boolean("has_thumbnail").notNull().default(false),
    addedSeq: addedSeq(),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: "attachments_proof_point_id_fkey",
      columns: [t.proofPointId],
      foreignColumns: [proofPoints.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "attachments_monthly_review_id_fkey",
      columns: [t.monthlyReviewId],
      foreignColumns: [monthlyReviews.id],
    }).onDelete("cascade"),
    foreignKey({ name: "attachments_uploaded_by_fkey", columns: [t.uploadedBy], foreignColumns: [users.id] }).onDelete(
      "restrict",
    ),
    check("ck_attachment_filename_not_empty", sql`LENGTH(TRIM(filename)) > 0`),
    check("ck_attachment_storage_path_not_empty", sql`LENGTH(TRIM(storage_path)) > 0`),
    check("ck_attachment_size_range", sql.raw(`size_bytes BETWEEN 1 AND ${ATTACHMENT_MAX_BYTES}`)),
    check("ck_attachment_label", sql`label IS NULL OR LENGTH(TRIM(label)) > 0`),
    check(
      "ck_attachment_content_type",
      sql.raw(`content_type IN (${ATTACHMENT_CONTENT_TYPES.map((c) => `'${c}'`).join(",")})`),
    ),
    check(
      "ck_attachment_single_parent",
      sql`(proof_point_id IS NOT NULL AND monthly_review_id IS NULL) OR (proof_point_id IS NULL AND monthly_review_id IS NOT NULL)`,
    ),
    index("ix_attachments_proof_point_id").on(t.proofPointId),
    index("ix_attachments_monthly_review_id").on(t.monthlyReviewId),
    index("ix_attachments_uploaded_by").on(t.uploadedBy),
    uniqueIndex("uq_attachments_storage_path").on(t.storagePath),
  ],
);

// ---------------------------------------------------------------------------- monthly reviews

// What a VBU said about one month (NOTES.md #6): a draft its GM (or an admin) writes, then
// publishes, which freezes a snapshot of the canvas as it was (lib/reviews/snapshot.ts). One per
// VBU and month; the month is stored as its first day.
export const monthlyReviews = pgTable(
  "monthly_reviews",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    vbuId: uuid("vbu_id").notNull(),
    month: date("month").notNull(),
    status: reviewStatus("status").notNull().default("draft"),
    learned: text("learned"),
    decisions: text("decisions"),
    asks: text("asks"),
    nextFocus: text("next_focus"),
    health: reviewHealth("health"),
    // Written once, at publish, in the transaction that holds the canvas lock.
    snapshot: jsonb("snapshot").$type<ReviewSnapshot>(),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    publishedBy: uuid("published_by"),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    acknowledgedBy: uuid("acknowledged_by"),
    acknowledgementComment: text("acknowledgement_comment"),
    // Optimistic concurrency, as on canvases (NOTES.md #8).
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    createdBy: uuid("created_by"),
    updatedAt: updatedAt(),
    updatedBy: uuid("updated_by"),
  },
  (t) => [
    foreignKey({ name: "monthly_reviews_vbu_id_fkey", columns: [t.vbuId], foreignColumns: [vbus.id] }).onDelete(
      "cascade",
    ),
    foreignKey({
      name: "monthly_reviews_published_by_fkey",
      columns: [t.publishedBy],
      foreignColumns: [users.id],
    }).onDelete("set null"),
    foreignKey({
      name: "monthly_reviews_acknowledged_by_fkey",
      columns: [t.acknowledgedBy],
      foreignColumns: [users.id],
    }).onDelete("set null"),
    foreignKey({
      name: "monthly_reviews_created_by_fkey",
      columns: [t.createdBy],
      foreignColumns: [users.id],
    }).onDelete("set null"),
    foreignKey({
      name: "monthly_reviews_updated_by_fkey",
      columns: [t.updatedBy],
      foreignColumns: [users.id],
    }).onDelete("set null"),
    unique("uq_monthly_reviews_vbu_month").on(t.vbuId, t.month),
    check("ck_monthly_review_month_first_day", sql`EXTRACT(DAY FROM month) = 1`),
    check("ck_monthly_review_version_positive", sql`version >= 1`),
    // A published review has its snapshot, its publisher's time and its health call; a draft has
    // none of what publishing writes, and nothing acknowledges a draft.
    check(
      "ck_monthly_review_published",
      sql`(status = 'draft' AND snapshot IS NULL AND published_at IS NULL)
          OR (status = 'published' AND snapshot IS NOT NULL AND published_at IS NOT NULL AND health IS NOT NULL)`,
    ),
    check("ck_monthly_review_acknowledged", sql`acknowledged_at IS NULL OR status = 'published'`),
    index("ix_monthly_reviews_month").on(t.month),
  ],
);

// ---------------------------------------------------------------------------- change history

// Every change to a VBU, its canvas, theses, proof points, evidence, and its reviews' publishing
// and acknowledgement, written by database triggers in the changing transaction (custom SQL in
// drizzle/0011_change_history_triggers.sql), never by application code: a write path cannot
// forget it. Append-only (a trigger refuses UPDATE and DELETE), and without foreign keys: the
// history of a deleted VBU, or of a deleted person's changes, stays, under the names they had.
export const changeHistory = pgTable(
  "change_history",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp("at", { withTimezone: true }).defaultNow().notNull(),
    /** Null for a named system actor (the seed, a script). */
    actorId: uuid("actor_id"),
    actorName: text("actor_name").notNull(),
    vbuId: uuid("vbu_id").notNull(),
    vbuName: text("vbu_name").notNull(),
    /** vbu, canvas, thesis, proof_point, evidence, review */
    subject: varchar("subject", { length: 16 }).notNull(),
    subjectId: uuid("subject_id").notNull(),
    /** added, changed, deleted */
    action: varchar("action", { length: 8 }).notNull(),
    /** The thesis a thesis or proof point entry belongs to, for filtering. */
    thesisId: uuid("thesis_id"),
    /** The proof point a proof point or evidence entry belongs to, for filtering. */
    proofPointId: uuid("proof_point_id"),
    /** Only what changed: { column: [before, after] }. */
    changes: jsonb("changes").$type<Record<string, [unknown, unknown]>>().notNull(),
  },
  (t) => [
    index("ix_change_history_vbu").on(t.vbuId, t.id),
    // A VBU's lane entries: the board's "In Sell since March" (its latest) and the trends' lanes
    // over time, each a short index range instead of a walk through the VBU's whole history.
    index("ix_change_history_lane")
      .on(t.vbuId, t.at, t.id)
      .where(sql`${t.subject} = 'canvas' AND ${t.changes} ? 'lifecycle_lane'`),
    // A proof point's status entries, in time order: the trends' statuses month by month.
    index("ix_change_history_status")
      .on(t.proofPointId, t.at, t.id)
      .where(sql`${t.subject} = 'proof_point' AND ${t.changes} ? 'status'`),
    // When a VBU was deleted: the trends drop it from then on.
    index("ix_change_history_vbu_deleted")
      .on(t.vbuId, t.at)
      .where(sql`${t.subject} = 'vbu' AND ${t.action} = 'deleted'`),
    index("ix_change_history_proof_point").on(t.proofPointId, t.id),
    index("ix_change_history_at").on(t.at),
  ],
);

// ---------------------------------------------------------------------------- trend deltas

// The trends' counts, kept as they happen instead of reconstructed from the whole history on
// every request (lib/trends/read.ts): how many of a VBU's proof points entered (+) or left (-)
// each status in a month, and the same for its canvas's lane. The count in a status at a month's
// end is the sum of the deltas up to that month. An AFTER INSERT trigger on change_history adds
// each entry's deltas in the writing transaction (custom SQL in drizzle/0014_trend_deltas.sql),
// so no write path can forget them, and a per-row upsert contends only within its VBU. Derived
// data: the migration fills it from the history, and no foreign key, as the history has none.
export const trendDeltas = pgTable(
  "trend_deltas",
  {
    /** status (of a proof point) or lifecycle_lane (of a canvas). */
    field: varchar("field", { length: 16 }).notNull(),
    vbuId: uuid("vbu_id").notNull(),
    /** The first of the month (UTC) the changes fell in. */
    month: date("month", { mode: "string" }).notNull(),
    value: text("value").notNull(),
    delta: integer("delta").notNull(),
  },
  (t) => [primaryKey({ columns: [t.field, t.vbuId, t.month, t.value] })],
);

// ---------------------------------------------------------------------------- board cards

// What the board ranks and filters by, one row per canvas, kept current by triggers in the
// writing transaction (custom SQL in drizzle/0016_board_card_triggers.sql), so that the board
// reads the first cards of each lane from one index instead of ranking every VBU and counting
// every proof point on every request (issue 17). Copies of the VBU's name and GM and the canvas's
// lane, its proof points by status, and the earliest target review month of those not observed:
// a VBU has a proof point overdue at a month exactly when that month is later (lib/board/read.ts).
// Derived data: the migration fills it, and tests/board/cards.test.ts compares it with a count
// from scratch after every kind of write.
export const boardCards = pgTable(
  "board_cards",
  {
    canvasId: uuid("canvas_id").primaryKey(),
    vbuId: uuid("vbu_id").notNull(),
    lane: lifecycleLane("lane").notNull(),
    name: varchar("name", { length: 255 }).notNull(),
    gmId: uuid("gm_id").notNull(),
    notStarted: integer("not_started").notNull().default(0),
    inProgress: integer("in_progress").notNull().default(0),
    observed: integer("observed").notNull().default(0),
    stalled: integer("stalled").notNull().default(0),
    /** The earliest target review month among its proof points not observed, or null. */
    openFrom: date("open_from", { mode: "string" }),
    /**
     * The target review months of its proof points not observed, one per proof point, in order:
     * how many are overdue at a month is how many are before it, counted without reading them.
     */
    openMonths: date("open_months", { mode: "string" })
      .array()
      .notNull()
      .default(sql`'{}'::date[]`),
  },
  (t) => [
    foreignKey({ name: "board_cards_canvas_id_fkey", columns: [t.canvasId], foreignColumns: [canvases.id] }).onDelete(
      "cascade",
    ),
    uniqueIndex("uq_board_cards_vbu_id").on(t.vbuId),
    // A lane's cards by name, as the board and the exports list them: its first cards in one short scan.
    index("ix_board_cards_lane_name").on(t.lane, sql`lower(${t.name})`, t.name, t.vbuId),
    index("ix_board_cards_gm_id").on(t.gmId),
  ],
);

// ---------------------------------------------------------------------------- comments

// A conversation about a VBU (issue 18): on its canvas as a whole, on one of its proof points, or
// on one of its monthly reviews (lib/comments/). Plain text: the page renders it as text, links
// made safe. A deleted comment keeps its place in the thread, its text gone.
export const comments = pgTable(
  "comments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    vbuId: uuid("vbu_id").notNull(),
    /** What it is about: the canvas, a proof point, a monthly review (lib/comments/vocabulary.ts). */
    subject: varchar("subject", { length: 16 }).notNull(),
    proofPointId: uuid("proof_point_id"),
    monthlyReviewId: uuid("monthly_review_id"),
    /** Null once the author's account is deleted. */
    authorId: uuid("author_id"),
    /** Empty once deleted. */
    body: text("body").notNull(),
    addedSeq: addedSeq(),
    createdAt: createdAt(),
    editedAt: timestamp("edited_at", { withTimezone: true }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    deletedBy: uuid("deleted_by"),
  },
  (t) => [
    foreignKey({ name: "comments_vbu_id_fkey", columns: [t.vbuId], foreignColumns: [vbus.id] }).onDelete("cascade"),
    foreignKey({
      name: "comments_proof_point_id_fkey",
      columns: [t.proofPointId],
      foreignColumns: [proofPoints.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "comments_monthly_review_id_fkey",
      columns: [t.monthlyReviewId],
      foreignColumns: [monthlyReviews.id],
    }).onDelete("cascade"),
    foreignKey({ name: "comments_author_id_fkey", columns: [t.authorId], foreignColumns: [users.id] }).onDelete(
      "set null",
    ),
    foreignKey({ name: "comments_deleted_by_fkey", columns: [t.deletedBy], foreignColumns: [users.id] }).onDelete(
      "set null",
    ),
    check(
      "ck_comment_subject",
      sql`(subject = 'canvas' AND proof_point_id IS NULL AND monthly_review_id IS NULL)
          OR (subject = 'proof_point' AND proof_point_id IS NOT NULL AND monthly_review_id IS NULL)
          OR (subject = 'review' AND proof_point_id IS NULL AND monthly_review_id IS NOT NULL)`,
    ),
    check("ck_comment_body", sql`(deleted_at IS NULL) = (LENGTH(TRIM(body)) > 0)`),
    // A thread, in the order it was written.
    index("ix_comments_vbu_subject").on(t.vbuId, t.subject, t.addedSeq),
    index("ix_comments_proof_point_id").on(t.proofPointId),
    index("ix_comments_monthly_review_id").on(t.monthlyReviewId),
  ],
);

// Who a comment mentions: they are told (lib/comments/write.ts refuses anyone who cannot read it).
export const commentMentions = pgTable(
  "comment_mentions",
  {
    commentId: uuid("comment_id").notNull(),
    userId: uuid("user_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.commentId, t.userId] }),
    foreignKey({
      name: "comment_mentions_comment_id_fkey",
      columns: [t.commentId],
      foreignColumns: [comments.id],
    }).onDelete("cascade"),
    foreignKey({ name: "comment_mentions_user_id_fkey", columns: [t.userId], foreignColumns: [users.id] }).onDelete(
      "cascade",
    ),
    index("ix_comment_mentions_user_id").on(t.userId),
  ],
);

// ---------------------------------------------------------------------------- notifications

// What a person is told, in the app (issue 18; lib/notifications/): written in the transaction of
// the change that causes it, so it exists exactly when the change does. The bell counts the
// unread ones through ix_notifications_unread, one indexed query per page.
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").notNull(),
    /** What happened (lib/notifications/vocabulary.ts). */
    kind: varchar("kind", { length: 32 }).notNull(),
    vbuId: uuid("vbu_id").notNull(),
    commentId: uuid("comment_id"),
    monthlyReviewId: uuid("monthly_review_id"),
    /** Who caused it; null once their account is deleted. */
    actorId: uuid("actor_id"),
    addedSeq: addedSeq(),
    createdAt: createdAt(),
    readAt: timestamp("read_at", { withTimezone: true }),
    /** A reminder's one-per-period key ("review_due:<vbu>:<month>"), so a rerun tells nobody twice. */
    dedupeKey: varchar("dedupe_key", { length: 200 }),
    /** The review month a reminder is about ("YYYY-MM-01"). */
    month: date("month"),
    /** When a daily digest (or an email at once) carried it: the next digest leaves it out. */
    mailedAt: timestamp("mailed_at", { withTimezone: true }),
  },
  (t) => [
    foreignKey({ name: "notifications_user_id_fkey", columns: [t.userId], foreignColumns: [users.id] }).onDelete(
      "cascade",
    ),
    foreignKey({ name: "notifications_vbu_id_fkey", columns: [t.vbuId], foreignColumns: [vbus.id] }).onDelete(
      "cascade",
    ),
    foreignKey({
      name: "notifications_comment_id_fkey",
      columns: [t.commentId],
      foreignColumns: [comments.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "notifications_monthly_review_id_fkey",
      columns: [t.monthlyReviewId],
      foreignColumns: [monthlyReviews.id],
    }).onDelete("cascade"),
    foreignKey({ name: "notifications_actor_id_fkey", columns: [t.actorId], foreignColumns: [users.id] }).onDelete(
      "set null",
    ),
    // A person's list, newest first; and their unread ones, which the bell counts.
    index("ix_notifications_user").on(t.userId, t.addedSeq),
    index("ix_notifications_unread")
      .on(t.userId)
      .where(sql`${t.readAt} IS NULL`),
    index("ix_notifications_comment_id").on(t.commentId),
    index("ix_notifications_monthly_review_id").on(t.monthlyReviewId),
    uniqueIndex("uq_notifications_dedupe_key")
      .on(t.userId, t.dedupeKey)
      .where(sql`${t.dedupeKey} IS NOT NULL`),
  ],
);

// How each person wants to hear of each kind of notification (lib/mail/preferences.ts); a kind
// without a row takes its default there. "weekly_digest" is the portfolio digest's opt-in.
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: uuid("user_id").notNull(),
    kind: varchar("kind", { length: 32 }).notNull(),
    channel: varchar("channel", { length: 16 }).notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: "notification_preferences_pkey", columns: [t.userId, t.kind] }),
    foreignKey({
      name: "notification_preferences_user_id_fkey",
      columns: [t.userId],
      foreignColumns: [users.id],
    }).onDelete("cascade"),
    check("ck_notification_preferences_channel", sql`channel IN ('off', 'in_app', 'email', 'digest')`),
  ],
);

// Every email the app writes (lib/mail/). Written in the transaction of what causes it, with a
// job that sends it (lib/jobs/); without SMTP_URL it is kept here for /admin/outbox. The
// dedupe key makes writing it idempotent, the status makes sending it so: a retried job finds
// "sent" and sends nothing.
export const emails = pgTable(
  "emails",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id"),
    toAddress: varchar("to_address", { length: 255 }).notNull(),
    /** notification | daily_digest | weekly_digest (lib/mail/vocabulary.ts). */
    kind: varchar("kind", { length: 32 }).notNull(),
    dedupeKey: varchar("dedupe_key", { length: 200 }).notNull(),
    subject: varchar("subject", { length: 300 }).notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body").notNull(),
    /** The List-Unsubscribe target, kept with the message so a resend carries the same. */
    unsubscribeUrl: text("unsubscribe_url").notNull(),
    /** queued | sending | sent | kept | failed | unknown (lib/mail/vocabulary.ts). */
    status: varchar("status", { length: 16 }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    lastError: varchar("last_error", { length: 500 }),
    messageId: varchar("message_id", { length: 300 }),
    addedSeq: addedSeq(),
    createdAt: createdAt(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    foreignKey({ name: "emails_user_id_fkey", columns: [t.userId], foreignColumns: [users.id] }).onDelete("set null"),
    uniqueIndex("uq_emails_dedupe_key").on(t.dedupeKey),
    index("ix_emails_added_seq").on(t.addedSeq),
    check("ck_emails_status", sql`status IN ('queued', 'sending', 'sent', 'kept', 'failed', 'unknown')`),
  ],
);

// Storage paths of attachment rows that were deleted (directly or by a cascade from a proof
// point, thesis, canvas or VBU), filled by an AFTER DELETE trigger on attachments (custom SQL
// in drizzle/0004_attachment_file_outbox.sql). The files are removed after the transaction
// commits, then the row here; `npm run storage:sweep` finishes anything left.
export const deletedAttachmentFiles = pgTable("deleted_attachment_files", {
  storagePath: varchar("storage_path", { length: 1024 }).primaryKey(),
  deletedAt: timestamp("deleted_at", { withTimezone: true }).defaultNow().notNull(),
});

// ---------------------------------------------------------------------------- relations

export const usersRelations = relations(users, ({ many }) => ({
  vbus: many(vbus, { relationName: "gm" }),
  sessions: many(sessions),
  accounts: many(accounts),
}));

export const sessionsRelations = relations(sessions, ({ one }) => ({
  user: one(users, { fields: [sessions.userId], references: [users.id] }),
}));

export const accountsRelations = relations(accounts, ({ one }) => ({
  user: one(users, { fields: [accounts.userId], references: [users.id] }),
}));

export const vbusRelations = relations(vbus, ({ one }) => ({
  gm: one(users, { fields: [vbus.gmId], references: [users.id], relationName: "gm" }),
  canvas: one(canvases),
}));

export const canvasesRelations = relations(canvases, ({ one, many }) => ({
  vbu: one(vbus, { fields: [canvases.vbuId], references: [vbus.id] }),
  theses: many(theses),
}));

export const thesesRelations = relations(theses, ({ one, many }) => ({
  canvas: one(canvases, { fields: [theses.canvasId], references: [canvases.id] }),
  proofPoints: many(proofPoints),
}));

export const proofPointsRelations = relations(proofPoints, ({ one, many }) => ({
  thesis: one(theses, { fields: [proofPoints.thesisId], references: [theses.id] }),
  attachments: many(attachments),
}));

export const attachmentsRelations = relations(attachments, ({ one }) => ({
  proofPoint: one(proofPoints, { fields: [attachments.proofPointId], references: [proofPoints.id] }),
  monthlyReview: one(monthlyReviews, { fields: [attachments.monthlyReviewId], references: [monthlyReviews.id] }),
  uploader: one(users, { fields: [attachments.uploadedBy], references: [users.id] }),
}));

// ---------------------------------------------------------------------------- types

export type UserRole = (typeof userRole.enumValues)[number];
export type LifecycleLane = (typeof lifecycleLane.enumValues)[number];
export type ProofPointStatus = (typeof proofPointStatus.enumValues)[number];
export type CurrentlyTestingType = (typeof currentlyTestingType.enumValues)[number];
export type ReviewStatus = (typeof reviewStatus.enumValues)[number];
export type ReviewHealth = (typeof reviewHealth.enumValues)[number];
export type { AttachmentContentType } from "../lib/attachments/vocabulary";

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Vbu = typeof vbus.$inferSelect;
export type NewVbu = typeof vbus.$inferInsert;
export type Canvas = typeof canvases.$inferSelect;
export type NewCanvas = typeof canvases.$inferInsert;
export type Thesis = typeof theses.$inferSelect;
export type NewThesis = typeof theses.$inferInsert;
export type ProofPoint = typeof proofPoints.$inferSelect;
export type NewProofPoint = typeof proofPoints.$inferInsert;
export type Attachment = typeof attachments.$inferSelect;
export type NewAttachment = typeof attachments.$inferInsert;
export type MonthlyReview = typeof monthlyReviews.$inferSelect;
export type ChangeEntry = typeof changeHistory.$inferSelect;
