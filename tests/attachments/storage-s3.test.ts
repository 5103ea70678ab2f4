// The S3 driver on its own, against a real S3-compatible server (s3rver on loopback): bytes go
// in and come back unchanged (no checksum framing stored inside the object), and the
// environment that chooses it is checked with the variable's name.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getStorage, newStoragePath, s3StorageOf, thumbnailPath } from "../../lib/attachments/storage";
import { readEnv } from "../../lib/env";
import { expectSameBytes, useTempStorage } from "./support";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe("the S3 storage driver", () => {
  const storage = useTempStorage("s3");

  it("stores a 6 MiB file and reads it back byte for byte, in the bucket as on the way out", async () => {
    const bytes = new Uint8Array(randomBytes(6 * 1024 * 1024));
    const thumbnail = new Uint8Array(randomBytes(2048));
    const driver = getStorage();
    const staged = await driver.stage(new Blob([bytes]).stream(), 10 * 1024 * 1024);
    const storagePath = newStoragePath();
    await driver.commit(staged, storagePath, thumbnail);
    await driver.discard(staged);

    expectSameBytes(await storage.root().bytes(storagePath), bytes);
    const opened = await driver.open(storagePath);
    expect(opened.size).toBe(bytes.length);
    expectSameBytes(await readAll(opened.stream), bytes);
    expectSameBytes(await readAll((await driver.open(thumbnailPath(storagePath))).stream), thumbnail);
    expect(await storage.root().staging()).toEqual([]);

    await driver.remove(storagePath);
    await driver.remove(storagePath); // again: not an error
    expect(await storage.root().files()).toEqual([]);
    await expect(driver.open(storagePath)).rejects.toThrow();
  });

  it("refuses a key that is not a storage path before asking the server", async () => {
    await expect(getStorage().open("../secrets")).rejects.toThrow(/Not a storage path/);
    await expect(getStorage().remove("2025/01/notes.txt")).rejects.toThrow(/Not a storage path/);
  });
});

describe("choosing the storage driver", () => {
  const s3 = {
    STORAGE_DRIVER: "s3",
    S3_BUCKET: "evidence",
    S3_REGION: "us-east-1",
    S3_ENDPOINT: "http://127.0.0.1:9000",
  };

  it("keeps the filesystem by default and needs no S3 variable for it", () => {
    expect(readEnv({}).STORAGE_DRIVER).toBe("fs");
    expect(readEnv({ STORAGE_DRIVER: "fs", S3_BUCKET: "" }).S3_BUCKET).toBeUndefined();
  });

  it("names each missing or malformed S3 variable", () => {
    expect(() => readEnv({ ...s3, S3_BUCKET: undefined })).toThrow(/S3_BUCKET is required when STORAGE_DRIVER=s3/);
    expect(() => readEnv({ ...s3, S3_REGION: " " })).toThrow(/S3_REGION is required/);
    expect(() => readEnv({ ...s3, S3_ENDPOINT: "not a url" })).toThrow(/S3_ENDPOINT/);
    expect(() => readEnv({ ...s3, S3_ACCESS_KEY_ID: "key" })).toThrow(/S3_SECRET_ACCESS_KEY is required/);
    expect(() => readEnv({ ...s3, S3_SECRET_ACCESS_KEY: "secret" })).toThrow(/S3_ACCESS_KEY_ID is required/);
    expect(() => readEnv({ ...s3, S3_FORCE_PATH_STYLE: "maybe" })).toThrow(/S3_FORCE_PATH_STYLE/);
    expect(() => readEnv({ STORAGE_DRIVER: "gcs" })).toThrow(/STORAGE_DRIVER/);
  });

  it("reads path-style addressing and builds the driver for the bucket", () => {
    const env = readEnv({ ...s3, S3_FORCE_PATH_STYLE: "true" });
    expect(env.S3_FORCE_PATH_STYLE).toBe(true);
    expect(readEnv(s3).S3_FORCE_PATH_STYLE).toBe(false);
    const driver = s3StorageOf(env);
    expect(driver.bucket).toBe("evidence");
    driver.destroy();
  });
});
