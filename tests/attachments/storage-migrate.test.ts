// npm run storage:migrate -- --to s3 (lib/attachments/migrate.ts): from a filesystem storage to a
// real S3-compatible server (s3rver on loopback). A dry run changes nothing; apply copies every
// file and thumbnail and verifies each; a second run copies nothing; a stopped run resumes; an
// object that differs in the bucket is copied again.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateStorage } from "../../lib/attachments/migrate";
import { FilesystemStorage, newStoragePath, S3Storage, thumbnailPath } from "../../lib/attachments/storage";
import { expectSameBytes, useTempStorage } from "./support";

describe("moving stored files from the filesystem to S3", () => {
  const bucket = useTempStorage("s3");
  let root: string;
  let from: FilesystemStorage;
  let to: S3Storage;
  const files = new Map<string, Uint8Array>();

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "canvas-migrate-"));
    from = new FilesystemStorage(root);
    for (let i = 0; i < 4; i++) {
      const bytes = new Uint8Array(randomBytes(1000 + i * 300_000));
      const thumbnail = i % 2 === 0 ? new Uint8Array(randomBytes(500)) : null;
      const storagePath = newStoragePath();
      await from.commit(await from.stage(new Blob([bytes]).stream(), 10 * 1024 * 1024), storagePath, thumbnail);
      files.set(storagePath, bytes);
      if (thumbnail) files.set(thumbnailPath(storagePath), thumbnail);
    }
    // The suite's own S3 driver: the bucket the migration fills.
    to = (globalThis as unknown as { canvasStorage: S3Storage }).canvasStorage;
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("a dry run counts what it would copy and changes nothing", async () => {
    const report = await migrateStorage(from, to);
    expect(report).toEqual({ total: 6, present: 0, copied: 6, failed: [], applied: false });
    expect(await bucket.root().files()).toEqual([]);
  });

  it("a stopped run resumes where it stopped", async () => {
    const stop = new AbortController();
    const seen: string[] = [];
    const stopped = migrateStorage(from, to, {
      apply: true,
      signal: stop.signal,
      onProgress: (report, path) => {
        seen.push(path);
        if (report.copied === 2) stop.abort();
      },
    });
    await expect(stopped).rejects.toThrow();
    expect(await bucket.root().files()).toEqual(seen);

    const progress: number[] = [];
    const resumed = await migrateStorage(from, to, {
      apply: true,
      onProgress: (report) => progress.push(report.present + report.copied),
    });
    expect(resumed).toEqual({ total: 6, present: 2, copied: 4, failed: [], applied: true });
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await bucket.root().files()).toEqual([...files.keys()].sort());
    for (const [path, bytes] of files) expectSameBytes(await bucket.root().bytes(path), bytes);
  });

  it("a second run copies nothing, and copies again an object that differs in the bucket", async () => {
    expect(await migrateStorage(from, to, { apply: true })).toEqual({
      total: 6,
      present: 6,
      copied: 0,
      failed: [],
      applied: true,
    });
    const [damaged, bytes] = [...files][0]!;
    await bucket.root().plant(damaged, "not the same bytes");
    expect(await migrateStorage(from, to)).toMatchObject({ present: 5, copied: 1 });
    expect(await migrateStorage(from, to, { apply: true })).toMatchObject({ present: 5, copied: 1, failed: [] });
    expectSameBytes(await bucket.root().bytes(damaged), bytes);
  });
});
