import "server-only";
import { join, resolve } from "node:path";
import { type Env, readEnv } from "../env";
import type { AttachmentStorage } from "./storage/common";
import { FilesystemStorage } from "./storage/fs";
import { S3Storage } from "./storage/s3";

// Evidence files live behind the AttachmentStorage interface (./storage/common.ts). The
// filesystem driver (./storage/fs.ts) is the default; the S3 driver (./storage/s3.ts) keeps them
// in an S3-compatible bucket for deployments with several app instances. STORAGE_DRIVER chooses.
// A file may have a thumbnail, kept beside it under thumbnailPath(its storage path): written
// with the file, removed with it.

export * from "./storage/common";
export { FilesystemStorage } from "./storage/fs";
export { S3Storage } from "./storage/s3";

/** The S3 driver the environment describes (STORAGE_DRIVER=s3 checked by readEnv). */
export function s3StorageOf(env: Env): S3Storage {
  const { S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey } = env;
  return new S3Storage({
    bucket: env.S3_BUCKET!,
    stagingDir: join(resolve(env.ATTACHMENTS_DIR), ".staging"),
    client: {
      region: env.S3_REGION,
      endpoint: env.S3_ENDPOINT,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    },
  });
}

/** The storage the environment chooses, and where it is (for scripts to say, never a secret). */
export function storageOf(env: Env): { storage: AttachmentStorage; location: string } {
  if (env.STORAGE_DRIVER === "s3") {
    const where = env.S3_ENDPOINT ? `${env.S3_ENDPOINT} ` : "";
    return { storage: s3StorageOf(env), location: `s3 bucket ${env.S3_BUCKET} ${where}(${env.S3_REGION})` };
  }
  const storage = new FilesystemStorage(env.ATTACHMENTS_DIR);
  return { storage, location: storage.root };
}

const globalForStorage = globalThis as unknown as { canvasStorage?: AttachmentStorage };

export function getStorage(): AttachmentStorage {
  globalForStorage.canvasStorage ??= storageOf(readEnv()).storage;
  return globalForStorage.canvasStorage;
}
