// Shared by the attachment tests: a throwaway storage per suite (on disk, or in a real S3 server), the two routes called
// as Next.js would call them, streams that count what was pulled from them, and views of what
// is stored (rows, files, staging, outbox).
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, sep } from "node:path";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect } from "vitest";
import { GET } from "../../app/api/attachments/[id]/route";
import { GET as GET_THUMBNAIL } from "../../app/api/attachments/[id]/thumbnail/route";
import { POST } from "../../app/api/proof-points/[id]/attachments/route";
import { POST as POST_TO_REVIEW } from "../../app/api/reviews/[id]/attachments/route";
import { getDb } from "../../db/client";
import { attachments, canvases, deletedAttachmentFiles, proofPoints, theses, vbus } from "../../db/schema";
import type { AttachmentView } from "../../lib/attachments/attachments";
import { type AttachmentStorage, FilesystemStorage, S3Storage, thumbnailPath } from "../../lib/attachments/storage";
import type { Engine } from "../../db/client";
import { ENGINES } from "../support/database";
import { startS3Server, type TestS3Server } from "../support/s3";

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const STORAGE_PATH = /^\d{4}\/\d{2}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// ---------------------------------------------------------------------------- storage

/** The storage drivers every attachment suite runs against, as suites run on every engine. */
export const STORAGE_DRIVERS = ["fs", "s3"] as const;
export type StorageDriver = (typeof STORAGE_DRIVERS)[number];

/** Every engine with every driver, for describe.each: ("%s", engine) and ("%s", driver). */
export const ENGINES_AND_DRIVERS = ENGINES.flatMap((engine) =>
  STORAGE_DRIVERS.map((driver) => [engine, driver] as [Engine, StorageDriver]),
);

const globalForStorage = globalThis as unknown as { canvasStorage?: AttachmentStorage };

/**
 * What a suite's storage holds, seen from outside the driver: on disk, or in the S3 server's
 * bucket (listed with a client of its own). Staged uploads are on local disk for both drivers.
 */
export interface StorageUnderTest {
  driver: StorageDriver;
  /** Every stored file and thumbnail (anything under the root or in the bucket but staging), sorted. */
  files(): Promise<string[]>;
  /** What is left in the staging directory (nothing, or no directory at all, when all is well). */
  staging(): Promise<string[]>;
  bytes(path: string): Promise<Uint8Array>;
  has(path: string): Promise<boolean>;
  /** Stores a file (any key, not only a storage path) or, for ".staging/name", a staged upload. */
  plant(path: string, contents: Uint8Array | string): Promise<void>;
  /** Dates a stored file's or staged upload's last write. */
  age(path: string, modifiedAt: Date): Promise<void>;
  /** Removes a stored file or staged upload behind the app's back. */
  delete(path: string): Promise<void>;
}

/**
 * Installs a storage of `driver` on fresh temporary space for this suite (a directory; for s3
 * also an s3rver on a free loopback port), removed afterwards.
 */
export function useTempStorage(driver: StorageDriver = "fs"): { root: () => StorageUnderTest } {
  let probe: StorageUnderTest | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const root = await mkdtemp(join(tmpdir(), "canvas-attachments-"));
    if (driver === "fs") {
      globalForStorage.canvasStorage = new FilesystemStorage(root);
      probe = filesystemProbe(root);
      cleanup = () => rm(root, { recursive: true, force: true });
    } else {
      const server = await startS3Server();
      const storage = new S3Storage({
        bucket: server.bucket,
        stagingDir: join(root, ".staging"),
        client: server.client,
      });
      globalForStorage.canvasStorage = storage;
      const client = new S3Client({ ...server.client, ...NO_CHECKSUMS });
      probe = s3Probe(root, server, client);
      cleanup = async () => {
        storage.destroy();
        client.destroy();
        await server.stop();
        await rm(root, { recursive: true, force: true });
      };
    }
  });
  afterAll(async () => {
    globalForStorage.canvasStorage = undefined;
    await cleanup?.();
  });
  return {
    root: () => {
      if (!probe) throw new Error("The storage is not ready yet");
      return probe;
    },
  };
}

const NO_CHECKSUMS = {
  requestChecksumCalculation: "WHEN_REQUIRED",
  responseChecksumValidation: "WHEN_REQUIRED",
} as const;

const localPath = (root: string, path: string) => join(root, ...path.split("/"));

async function plantLocally(root: string, path: string, contents: Uint8Array | string) {
  await mkdir(dirname(localPath(root, path)), { recursive: true });
  await writeFile(localPath(root, path), contents);
}

function filesystemProbe(root: string): StorageUnderTest {
  return {
    driver: "fs",
    files: () => filesUnder(root),
    staging: () => localStagingEntries(root),
    bytes: async (path) => new Uint8Array(await readFile(localPath(root, path))),
    has: async (path) => existsSync(localPath(root, path)),
    plant: (path, contents) => plantLocally(root, path, contents),
    age: (path, modifiedAt) => utimes(localPath(root, path), modifiedAt, modifiedAt),
    delete: (path) => rm(localPath(root, path)),
  };
}

function s3Probe(root: string, server: TestS3Server, client: S3Client): StorageUnderTest {
  const Bucket = server.bucket;
  const staged = (path: string) => path.startsWith(".staging/");
  return {
    driver: "s3",
    files: async () => {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, ContinuationToken: token }));
        keys.push(...(page.Contents ?? []).map((o) => o.Key!));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys.sort();
    },
    staging: () => localStagingEntries(root),
    bytes: async (path) => {
      const object = await client.send(new GetObjectCommand({ Bucket, Key: path }));
      return object.Body!.transformToByteArray();
    },
    has: async (path) =>
      client.send(new HeadObjectCommand({ Bucket, Key: path })).then(
        () => true,
        () => false,
      ),
    plant: async (path, contents) => {
      if (staged(path)) return plantLocally(root, path, contents);
      await client.send(new PutObjectCommand({ Bucket, Key: path, Body: contents }));
    },
    age: (path, modifiedAt) =>
      staged(path) ? utimes(localPath(root, path), modifiedAt, modifiedAt) : server.age(path, modifiedAt),
    delete: async (path) => {
      if (staged(path)) return rm(localPath(root, path));
      await client.send(new DeleteObjectCommand({ Bucket, Key: path }));
    },
  };
}

/** Replaces the installed storage (a wrapper around the suite's storage) until `restore`. */
export function installStorage(storage: AttachmentStorage): { restore: () => void } {
  const previous = globalForStorage.canvasStorage;
  globalForStorage.canvasStorage = storage;
  return { restore: () => void (globalForStorage.canvasStorage = previous) };
}

/** Every file under a directory outside its staging directory, as "a/b/c" paths, sorted. */
export async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) =>
      join(e.parentPath, e.name)
        .slice(root.length + 1)
        .split(sep)
        .join("/"),
    )
    .filter((p) => !p.startsWith(".staging/"))
    .sort();
}

async function localStagingEntries(root: string): Promise<string[]> {
  try {
    return await readdir(join(root, ".staging"));
  } catch {
    return [];
  }
}

/** Every stored file and thumbnail, sorted. */
export const storedFiles = (storage: StorageUnderTest) => storage.files();

/** What is left in the staging directory (nothing, or no directory at all, when all is well). */
export const stagingEntries = (storage: StorageUnderTest) => storage.staging();

export const storedBytes = (storage: StorageUnderTest, storagePath: string) => storage.bytes(storagePath);

/** Byte-for-byte equality that stays fast for 10 MiB (toEqual walks typed arrays element by element). */
export function expectSameBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.length).toBe(expected.length);
  expect(Buffer.compare(actual, expected), "the bytes differ").toBe(0);
}

export async function attachmentRows() {
  return getDb().select().from(attachments).orderBy(asc(attachments.id));
}

export async function attachmentRow(id: string) {
  const [row] = await getDb().select().from(attachments).where(eq(attachments.id, id));
  return row;
}

export async function outbox(): Promise<string[]> {
  const rows = await getDb().select({ path: deletedAttachmentFiles.storagePath }).from(deletedAttachmentFiles);
  return rows.map((r) => r.path).sort();
}

/** The rows and files there are now, to check that a refused request left both as they were. */
export async function storageState(root: StorageUnderTest) {
  return { rows: await attachmentRows(), files: await storedFiles(root) };
}

/** Nothing was stored, staged or queued since `before`. */
export async function expectNothingStored(root: StorageUnderTest, before: Awaited<ReturnType<typeof storageState>>) {
  expect(await storageState(root)).toEqual(before);
  expect(await stagingEntries(root)).toEqual([]);
  expect(await outbox()).toEqual([]);
}

/**
 * Every row has its file (and its thumbnail when it says it has one) and every file its row;
 * nothing staged, nothing waiting in the outbox.
 */
export async function expectConsistent(root: StorageUnderTest) {
  const rows = await attachmentRows();
  const expected = rows.flatMap((r) =>
    r.hasThumbnail ? [r.storagePath, thumbnailPath(r.storagePath)] : [r.storagePath],
  );
  expect(await storedFiles(root)).toEqual(expected.sort());
  expect(await stagingEntries(root)).toEqual([]);
  expect(await outbox()).toEqual([]);
}

// ---------------------------------------------------------------------------- streams

export interface CountingStream {
  stream: ReadableStream<Uint8Array>;
  /** Bytes handed to the reader so far. */
  pulled: () => number;
  /** True once the reader cancelled the stream (gave up on it). */
  cancelled: () => boolean;
}

/**
 * A pull-based stream of `total` bytes (`head` first, then zeros), produced chunk by chunk
 * only as the reader asks: nothing is generated, let alone buffered, ahead of the reader.
 */
export function countingStream(total: number, head: Uint8Array = new Uint8Array(0), chunkSize = 64 * 1024) {
  let pulled = 0;
  let cancelled = false;
  const zeros = new Uint8Array(chunkSize);
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= total) return controller.close();
        const size = Math.min(chunkSize, total - pulled);
        const chunk = new Uint8Array(size);
        if (pulled < head.length) chunk.set(head.subarray(pulled, pulled + size));
        else chunk.set(zeros.subarray(0, size));
        pulled += size;
        controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled, cancelled: () => cancelled } satisfies CountingStream;
}

/** The same bytes as a counting stream. */
export function streamOf(bytes: Uint8Array, chunkSize = 64 * 1024): CountingStream {
  return countingStream(bytes.length, bytes, chunkSize);
}

// ---------------------------------------------------------------------------- the routes

export type UploadAnswer =
  | { status: "success"; attachment: AttachmentView }
  | { status: "error"; formError: string; fieldErrors: Record<string, string[]> };

export interface UploadOptions {
  /** Sent URL-encoded in x-file-name; omitted when null. */
  name?: string | null;
  /** Sent URL-encoded in x-file-label; omitted when undefined. */
  label?: string;
  /** Content-Length: by default the length of a byte body, none for a stream; null for none. */
  length?: number | null;
  /** More headers (Origin, Host…), sent as given. */
  headers?: Record<string, string>;
}

type UploadBody = Uint8Array | ReadableStream<Uint8Array> | null;

/** POST /api/proof-points/:id/attachments, the way the browser sends it: the raw file as the body. */
export async function upload(
  proofPointId: string,
  body: UploadBody,
  options: UploadOptions = {},
): Promise<{ status: number; json: UploadAnswer }> {
  return post(POST, `/api/proof-points/${proofPointId}/attachments`, proofPointId, body, options);
}

/** POST /api/reviews/:id/attachments, as `upload` sends it. */
export async function uploadToReview(
  reviewId: string,
  body: UploadBody,
  options: UploadOptions = {},
): Promise<{ status: number; json: UploadAnswer }> {
  return post(POST_TO_REVIEW, `/api/reviews/${reviewId}/attachments`, reviewId, body, options);
}

async function post(
  handler: typeof POST,
  path: string,
  id: string,
  body: UploadBody,
  options: UploadOptions,
): Promise<{ status: number; json: UploadAnswer }> {
  const headers = new Headers(options.headers);
  if (options.name !== null) headers.set("x-file-name", encodeURIComponent(options.name ?? "evidence.png"));
  if (options.label !== undefined) headers.set("x-file-label", encodeURIComponent(options.label));
  const length = options.length === undefined ? (body instanceof Uint8Array ? body.length : null) : options.length;
  if (length !== null) headers.set("content-length", String(length));
  const request = new Request(`http://localhost${path}`, {
    method: "POST",
    body,
    headers,
    duplex: "half", // required by undici for a streamed body; not in the DOM RequestInit type
  } as RequestInit);
  const response = await handler(request, { params: Promise.resolve({ id }) });
  return { status: response.status, json: (await response.json()) as UploadAnswer };
}

/** Uploads and fails the test unless the upload was accepted; answers the new attachment. */
export async function uploaded(
  proofPointId: string,
  body: Uint8Array | ReadableStream<Uint8Array>,
  options: UploadOptions = {},
): Promise<AttachmentView> {
  return accepted(await upload(proofPointId, body, options));
}

/** uploadToReview, failing the test unless the upload was accepted. */
export async function uploadedToReview(
  reviewId: string,
  body: Uint8Array | ReadableStream<Uint8Array>,
  options: UploadOptions = {},
): Promise<AttachmentView> {
  return accepted(await uploadToReview(reviewId, body, options));
}

function accepted({ status, json }: { status: number; json: UploadAnswer }): AttachmentView {
  expect(json, JSON.stringify(json)).toMatchObject({ status: "success" });
  expect(status).toBe(201);
  return (json as { attachment: AttachmentView }).attachment;
}

/** GET /api/attachments/:id. */
export async function download(id: string): Promise<Response> {
  return GET(new Request(`http://localhost/api/attachments/${id}`), { params: Promise.resolve({ id }) });
}

/** GET /api/attachments/:id/thumbnail. */
export async function thumbnail(id: string): Promise<Response> {
  return GET_THUMBNAIL(new Request(`http://localhost/api/attachments/${id}/thumbnail`), {
    params: Promise.resolve({ id }),
  });
}

// ---------------------------------------------------------------------------- the demo portfolio

export interface DemoCanvas {
  vbuId: string;
  canvasId: string;
  /** In order. */
  thesisIds: string[];
  /** pointIds[i] are the proof points of thesis i + 1. */
  pointIds: string[][];
}

/** A demo VBU's canvas as it is now. */
export async function canvasOf(vbuName: string): Promise<DemoCanvas> {
  const db = getDb();
  const [row] = await db
    .select({ vbuId: vbus.id, canvasId: canvases.id })
    .from(vbus)
    .innerJoin(canvases, eq(canvases.vbuId, vbus.id))
    .where(eq(vbus.name, vbuName));
  if (!row) throw new Error(`No VBU named ${vbuName}`);
  const thesisRows = await db
    .select({ id: theses.id })
    .from(theses)
    .where(eq(theses.canvasId, row.canvasId))
    .orderBy(asc(theses.order));
  const pointIds: string[][] = [];
  for (const thesis of thesisRows) {
    const points = await db
      .select({ id: proofPoints.id })
      .from(proofPoints)
      .where(eq(proofPoints.thesisId, thesis.id))
      .orderBy(asc(proofPoints.createdAt), asc(proofPoints.addedSeq));
    pointIds.push(points.map((p) => p.id));
  }
  return { ...row, thesisIds: thesisRows.map((t) => t.id), pointIds };
}
