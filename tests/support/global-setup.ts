// Vitest's global setup: builds, once per run, the databases test files start from, per engine
// a migrated one and one also seeded with the demo portfolio (tests/support/database.ts clones
// them). The templates have names no other run uses, and are removed at the end: a crashed run's
// leftovers are never reused, nor in the way.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import type { Engine } from "../../db/client";
import { cloneDatabase, createScratchDatabase, dropTemplate, type ScratchTemplate } from "../../db/scratch";
import { seedDemo } from "../../db/seed";
import { type DatabaseTemplates, ENGINES, TEST_ACTOR } from "./database";

const OPTIONS = { defaultActor: TEST_ACTOR };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), "canvas-test-templates-"));
  const made: ScratchTemplate[] = [];
  const teardown = async () => {
    await Promise.allSettled(made.map(dropTemplate));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    // One engine after the other: PGlite runs in this process, and while it works a PostgreSQL
    // migration's transaction would sit idle past the connection's idle-in-transaction timeout.
    const built = [];
    for (const engine of ENGINES) built.push(await templatesOf(engine, dir, made));
    project.provide("databaseTemplates", Object.fromEntries(built) as DatabaseTemplates);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

/** The engine's migrated template, then the seeded one cloned from it. */
async function templatesOf(engine: Engine, dir: string, made: ScratchTemplate[]) {
  const keep = async (database: Awaited<ReturnType<typeof createScratchDatabase>>, name: string) => {
    const template = await database.keepAsTemplate(join(dir, `${engine}-${name}.tar`));
    made.push(template);
    return template;
  };
  const migrated = await keep(await createScratchDatabase(engine, OPTIONS), "migrated");
  const seeding = await cloneDatabase(migrated, OPTIONS);
  try {
    await seedDemo(seeding.db);
  } catch (error) {
    await seeding.drop();
    throw error;
  }
  const seeded = await keep(seeding, "seeded");
  return [engine, { migrated, seeded }] as const;
}
