import "server-only";
import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import {
  type AttachmentStorage,
  checkStoredPath,
  isStoragePath,
  isStoredPath,
  removeStagedLocally,
  stagingReady,
  type StagedFile,
  stageLocally,
  thumbnailPath,
} from "./common";

// Evidence files in an S3-compatible bucket, for several app instances sharing them. An object's
// key is its storage path: the bucket holds nothing else of ours, and list() names every file
// and thumbnail the sweep must judge.
//
// Crash safety. Uploads are staged on the instance's local disk (the checks read a local path),
// then commit PUTs the thumbnail and then the file at their final keys. A single PUT is atomic:
// the object is visible whole or not at all, so a crash mid-PUT leaves nothing in the bucket
// (files are at most 10 MiB, never a multipart upload that could be left incomplete and unlisted).
// A crash after a PUT and before the row commits leaves an object under a storage path with no
// row: list() finds it and the sweep removes it once past its grace period, as it removes a
// thumbnail whose file never arrived. The staged file is in the local staging directory, which
// removeStagedBefore clears on the machine where the sweep runs.

export interface S3StorageOptions {
  bucket: string;
  /** The local directory uploads are staged in before they are checked and PUT. */
  stagingDir: string;
  client: S3ClientConfig;
}

export class S3Storage implements AttachmentStorage {
  readonly bucket: string;
  private readonly staging: string;
  private readonly client: S3Client;

  constructor({ bucket, stagingDir, client }: S3StorageOptions) {
    this.bucket = bucket;
    this.staging = stagingDir;
    this.client = new S3Client({
      ...client,
      // The SDK's default checksums send the body in aws-chunked framing with a trailing
      // checksum, which some S3-compatible servers store as part of the object. Ask only when
      // an operation requires one.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  stage(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<StagedFile> {
    return stageLocally(this.staging, body, maxBytes);
  }

  async commit(staged: StagedFile, storagePath: string, thumbnail: Uint8Array | null): Promise<void> {
    checkStoredPath(storagePath);
    // The thumbnail first, as on disk: a crash between the two leaves a thumbnail without its
    // file (the sweep's), never a file whose row says it has a thumbnail it lacks. A PUT dates
    // the object now, which the sweep's grace period counts from.
    if (thumbnail) await this.put(thumbnailPath(storagePath), thumbnail, thumbnail.byteLength);
    await this.put(storagePath, createReadStream(staged.localPath), staged.size);
    await rm(staged.localPath, { force: true });
  }

  async discard(staged: StagedFile): Promise<void> {
    await rm(staged.localPath, { force: true });
  }

  async open(storagePath: string) {
    const object = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: checkStoredPath(storagePath) }),
    );
    if (!object.Body || object.ContentLength === undefined) throw new Error(`No body for ${storagePath}`);
    return { stream: object.Body.transformToWebStream() as ReadableStream<Uint8Array>, size: object.ContentLength };
  }

  async remove(storagePath: string): Promise<void> {
    // Deleting a key that is not there succeeds: removing twice is not an error.
    if (isStoragePath(storagePath)) await this.delete(thumbnailPath(storagePath));
    await this.delete(checkStoredPath(storagePath));
  }

  async *list(): AsyncIterable<{ storagePath: string; modifiedAt: Date }> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        if (object.Key && object.LastModified && isStoredPath(object.Key)) {
          yield { storagePath: object.Key, modifiedAt: object.LastModified };
        }
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  removeStagedBefore(cutoff: Date): Promise<number> {
    return removeStagedLocally(this.staging, cutoff);
  }

  /** Uploads stage on local disk, then go to the bucket: both must answer. */
  async ready(): Promise<void> {
    await stagingReady(this.staging);
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  /** Stores an object; also used by `npm run storage:migrate`. */
  async put(key: string, body: Uint8Array | NodeJS.ReadableStream, size: number): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: checkStoredPath(key),
        Body: body as Uint8Array,
        ContentLength: size,
        ContentType: "application/octet-stream",
      }),
    );
  }

  private async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** Closes the client's connections (scripts and tests that end). */
  destroy(): void {
    this.client.destroy();
  }
}
