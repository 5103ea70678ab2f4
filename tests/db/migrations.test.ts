import { randomUUID } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../db/client";
import { appliedMigrations, loadMigrations, migrateUp, rollbackLatest } from "../../db/migrate";
import { ENGINES, type TestDatabase, createEmptyDatabase, queryRows } from "../support/database";

const TABLES = [
  "accounts",
  "attachments",
  "board_cards",
  "canvases",
  "change_history",
  "comment_mentions",
  "comments",
  "deleted_attachment_files",
  "emails",
  "monthly_reviews",
  "notification_preferences",
  "notifications",
  "proof_points",
  "sessions",
  "sign_in_failures",
  "theses",
  "trend_deltas",
  "trend_entry_deltas",
  "users",
  "vbus",
  "verifications",
];
const CANVAS_TABLES = ["attachments", "canvases", "proof_points", "theses", "users", "vbus"];
const ENUMS = [
  "currently_testing_type",
  "lifecycle_lane",
  "proof_point_status",
  "review_health",
  "review_status",
  "user_role",
];

async function names(db: Database, query: SQL): Promise<string[]> {
  return (await queryRows<{ name: string }>(db, query)).map((r) => r.name).sort();
}

const publicTables = (db: Database) =>
  names(db, sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`);
const publicEnums = (db: Database) =>
  names(
    db,
    sql`SELECT t.typname AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'public' AND t.typtype = 'e'`,
  );

const publicFunctions = (db: Database) =>
  names(
    db,
    sql`SELECT p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'`,
  );

/**
 * Runs `body` on a database migrated up to just before `tag`, with a user email and VBU name of its
 * own; whatever happens, migrates up again (the later tests expect every migration) and cleans up.
 */
async function beforeMigration(
  db: Database,
  tag: string,
  body: (names: { email: string; vbuName: string }) => Promise<void>,
): Promise<void> {
  await migrateUp(db);
  while ((await appliedMigrations(db)).includes(tag)) await rollbackLatest(db);
  const names = { email: `user-${randomUUID()}@example.com`, vbuName: `Migrated VBU ${randomUUID()}` };
  try {
    await body(names);
  } finally {
    await migrateUp(db);
    await db.execute(sql`DELETE FROM vbus WHERE name = ${names.vbuName}`);
    await db.execute(sql`DELETE FROM users WHERE email = ${names.email}`);
  }
}

describe.each(ENGINES)("migrations on %s", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createEmptyDatabase(engine);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("applies every migration once, then rolls back one at a time to an empty schema, then migrates again", async () => {
    const { db } = database;
    const all = loadMigrations().map((m) => m.tag);
    expect(all.length).toBeGreaterThanOrEqual(3);

    expect(await migrateUp(db)).toEqual(all);
    expect(await migrateUp(db)).toEqual([]);
    expect(await appliedMigrations(db)).toEqual(all);
    expect(await publicTables(db)).toEqual(TABLES);
    expect(await publicEnums(db)).toEqual(ENUMS);
    expect(await publicFunctions(db)).toEqual([
      "board_cards_add",
      "board_cards_canvas_added",
      "board_cards_canvas_moved",
      "board_cards_point_changed",
      "board_cards_points_added",
      "board_cards_points_deleted",
      "board_cards_recount",
      "board_cards_theses_deleted",
      "board_cards_thesis_moved",
      "board_cards_vbu_changed",
      "history_actor",
      "history_changes",
      "history_remember",
      "history_remembered",
      "history_vbu_of",
      "record_change",
      "record_deleted_attachment_file",
      "record_trend_deltas",
      "refuse_history_change",
      "remember_deleted_row",
    ]);

    for (const tag of [...all].reverse()) {
      expect(await rollbackLatest(db)).toBe(tag);
    }
    expect(await rollbackLatest(db)).toBeNull();
    expect(await publicTables(db)).toEqual([]);
    expect(await publicEnums(db)).toEqual([]);
    expect(await publicFunctions(db)).toEqual([]);

    expect(await migrateUp(db)).toEqual(all);
    expect(await publicTables(db)).toEqual(TABLES);
  });

  it("reverting only the latest migration leaves the earlier ones in place", async () => {
    const { db } = database;
    await migrateUp(db);
    const all = loadMigrations().map((m) => m.tag);
    await rollbackLatest(db);
    expect(await appliedMigrations(db)).toEqual(all.slice(0, -1));
    expect(await publicTables(db)).toEqual(expect.arrayContaining(CANVAS_TABLES));
    expect(await migrateUp(db)).toEqual(all.slice(-1));
    expect(await publicTables(db)).toEqual(TABLES);
  });

  it("0006 records each existing canvas's last editor as the one who saved its version", async () => {
    const { db } = database;
    await beforeMigration(db, "0006_canvas_version_saved_by", async ({ email, vbuName }) => {
      await db.execute(sql`
        WITH editor AS (
          INSERT INTO users (email, name, role) VALUES (${email}, 'Editor', 'gm') RETURNING id
        ), vbu AS (
          INSERT INTO vbus (name, gm_id) SELECT ${vbuName}, id FROM editor RETURNING id
        )
        INSERT INTO canvases (vbu_id, lifecycle_lane, updated_at, updated_by)
        SELECT vbu.id, 'build', '2024-05-06T07:08:09.123456Z', editor.id FROM vbu, editor`);
      await migrateUp(db);
      const saved = await queryRows(
        db,
        sql`SELECT u.name AS saved_by, c.version_saved_at = c.updated_at AS same_time
        FROM canvases c JOIN users u ON u.id = c.version_saved_by JOIN vbus v ON v.id = c.vbu_id
        WHERE v.name = ${vbuName}`,
      );
      expect(saved).toEqual([{ saved_by: "Editor", same_time: true }]);
    });
  });

  it("0007 numbers existing proof points and evidence in the order they were listed, and new ones after them", async () => {
    const { db } = database;
    await beforeMigration(db, "0007_proof_point_and_evidence_order", async ({ email, vbuName }) => {
      // Three proof points added in one transaction: the same created_at, listed by id.
      const ids = [randomUUID(), randomUUID(), randomUUID()].sort().reverse();
      const numbered = (query: SQL) => queryRows<{ id: string; added_seq: number }>(db, query);
      await db.execute(sql`
        WITH gm AS (
          INSERT INTO users (email, name, role) VALUES (${email}, 'Uploader', 'gm') RETURNING id
        ), vbu AS (
          INSERT INTO vbus (name, gm_id) SELECT ${vbuName}, id FROM gm RETURNING id
        ), canvas AS (
          INSERT INTO canvases (vbu_id, lifecycle_lane) SELECT id, 'build' FROM vbu RETURNING id
        ), thesis AS (
          INSERT INTO theses (canvas_id, "order", text) SELECT id, 1, 'A thesis' FROM canvas RETURNING id
        ), points AS (
          INSERT INTO proof_points (id, thesis_id, description, created_at)
          SELECT p.id::uuid, thesis.id, 'Point', '2024-05-06T07:08:09Z'
          FROM thesis, unnest(${`{${ids.join(",")}}`}::text[]) AS p(id) RETURNING id
        )
        INSERT INTO attachments (proof_point_id, filename, storage_path, content_type, size_bytes, uploaded_by, created_at)
        SELECT points.id, 'a.png', 'x/' || points.id, 'image/png', 1, gm.id, '2024-05-06T07:08:09Z' FROM points, gm`);
      await migrateUp(db);
      const points =
        await numbered(sql`SELECT id, added_seq FROM proof_points WHERE id = ANY(${`{${ids.join(",")}}`}::uuid[])
          ORDER BY added_seq`);
      expect(points.map((p) => p.id)).toEqual([...ids].sort());
      const [added] = await numbered(sql`INSERT INTO proof_points (thesis_id, description)
          SELECT thesis_id, 'Later' FROM proof_points WHERE id = ${ids[0]} RETURNING id, added_seq`);
      expect(Number(added!.added_seq)).toBeGreaterThan(Math.max(...points.map((p) => Number(p.added_seq))));
      const evidence = await numbered(sql`SELECT id, added_seq FROM attachments
          WHERE uploaded_by = (SELECT id FROM users WHERE email = ${email}) ORDER BY added_seq`);
      expect(evidence).toHaveLength(3);
      expect(evidence.map((a) => a.id)).toEqual(evidence.map((a) => a.id).sort());
      const [upload] =
        await numbered(sql`INSERT INTO attachments (proof_point_id, filename, storage_path, content_type, size_bytes, uploaded_by)
          SELECT proof_point_id, 'later.png', 'x/later-' || id, content_type, 1, uploaded_by FROM attachments
          WHERE id = ${evidence[0]!.id} RETURNING id, added_seq`);
      expect(Number(upload!.added_seq)).toBeGreaterThan(Math.max(...evidence.map((a) => Number(a.added_seq))));
    });
  });

  it("refuses to run against a database that has a migration this code does not know", async () => {
    const { db } = database;
    await migrateUp(db);
    await db.execute(sql`INSERT INTO drizzle.canvas_migrations (tag) VALUES ('9999_from_the_future')`);
    await expect(migrateUp(db)).rejects.toThrow(/does not know: 9999_from_the_future/);
    await expect(rollbackLatest(db)).rejects.toThrow(/does not know/);
    await db.execute(sql`DELETE FROM drizzle.canvas_migrations WHERE tag = '9999_from_the_future'`);
  });
});

describe("migrations on a new PostgreSQL database, two migrators at once", () => {
  it("apply every migration once between them, neither failing", async () => {
    const first = await createEmptyDatabase("postgres");
    const second = openDatabase({ url: first.url! });
    try {
      const [a, b] = await Promise.all([migrateUp(first.db), migrateUp(second.db)]);
      const all = loadMigrations().map((m) => m.tag);
      expect([...a, ...b].sort()).toEqual(all);
      expect(await appliedMigrations(first.db)).toEqual(all);
    } finally {
      await second.close();
      await first.drop();
    }
  });
});
