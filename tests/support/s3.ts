// A real S3-compatible server for tests: s3rver, on a free loopback port, keeping its objects in
// a temporary directory, with one empty bucket. Started and stopped by the suite that needs it.
import { mkdtemp, rm, utimes } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";

export const S3_TEST_BUCKET = "canvas-evidence";

// s3rver accepts this key pair (and signs nothing else).
const CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export interface TestS3Server {
  endpoint: string;
  bucket: string;
  /** The client settings an app instance would get from S3_* variables. */
  client: {
    endpoint: string;
    region: string;
    forcePathStyle: true;
    credentials: typeof CREDENTIALS;
  };
  /** The environment variables naming this server, as an operator would set them. */
  env: Record<string, string>;
  /** Dates an object's last write (s3rver reports its backing file's mtime as LastModified). */
  age: (key: string, modifiedAt: Date) => Promise<void>;
  stop: () => Promise<void>;
}

export async function startS3Server(): Promise<TestS3Server> {
  const directory = await mkdtemp(join(tmpdir(), "canvas-s3-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: S3_TEST_BUCKET }],
  });
  const { port } = (await server.run()) as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket: S3_TEST_BUCKET,
    client: { endpoint, region: "us-east-1", forcePathStyle: true, credentials: CREDENTIALS },
    env: {
      STORAGE_DRIVER: "s3",
      S3_ENDPOINT: endpoint,
      S3_BUCKET: S3_TEST_BUCKET,
      S3_REGION: "us-east-1",
      S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      S3_FORCE_PATH_STYLE: "true",
    },
    age: async (key, modifiedAt) => {
      const parts = key.split("/");
      const file = join(directory, S3_TEST_BUCKET, ...parts.slice(0, -1), `${parts.at(-1)}._S3rver_object`);
      await utimes(file, modifiedAt, modifiedAt);
    },
    stop: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
