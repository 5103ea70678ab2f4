import { z } from "./zod";

// An empty variable (as in `S3_ENDPOINT= npm start`) means unset.
const blankIsUnset = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optionalText = z.preprocess(blankIsUnset, z.string().trim().min(1).optional());

// The environment, validated once. Unset DATABASE_URL means the embedded PGlite database.
const envSchema = z
  .object({
    // An empty DATABASE_URL (as in `DATABASE_URL= npm run dev`) means unset.
    DATABASE_URL: z.preprocess(
      (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
      z
        .string()
        .trim()
        .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// or postgresql:// URL")
        .optional(),
    ),
    PGLITE_DIR: z.string().trim().min(1).default(".data/pglite"),
    // Where the filesystem storage driver keeps evidence files.
    ATTACHMENTS_DIR: z.string().trim().min(1).default(".data/uploads"),
    // Where evidence files are kept: "fs" (ATTACHMENTS_DIR, one machine) or "s3" (a bucket several
    // instances share; uploads are still staged in ATTACHMENTS_DIR/.staging on each machine).
    STORAGE_DRIVER: z.enum(["fs", "s3"]).default("fs"),
    // The S3-compatible server; unset means AWS S3 itself (by S3_REGION).
    S3_ENDPOINT: z.preprocess(blankIsUnset, z.url("S3_ENDPOINT must be a URL").optional()),
    S3_BUCKET: optionalText,
    S3_REGION: optionalText,
    // Both or neither: when unset, the AWS SDK's own chain (AWS_ACCESS_KEY_ID…, a role) is used.
    S3_ACCESS_KEY_ID: optionalText,
    S3_SECRET_ACCESS_KEY: optionalText,
    // Path-style URLs (endpoint/bucket/key), which most S3-compatible servers need.
    S3_FORCE_PATH_STYLE: z.preprocess(blankIsUnset, z.stringbool().default(false)),
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    // Signs session cookies. Required in production; development and tests get a fixed one.
    BETTER_AUTH_SECRET: z.string().min(32, "BETTER_AUTH_SECRET must be at least 32 characters").optional(),
    // The public URL of the app, when it sits behind a proxy; otherwise taken from the request.
    BETTER_AUTH_URL: z.url().optional(),
    // Email (lib/mail/): an smtp:// or smtps:// URL, with credentials if the server needs them.
    // Unset: emails are kept in the database and admins read them at /admin/outbox.
    SMTP_URL: z.preprocess(
      blankIsUnset,
      z
        .string()
        .trim()
        .regex(/^smtps?:\/\//, "SMTP_URL must be an smtp:// or smtps:// URL")
        .optional(),
    ),
    // The sender of every email: an address, or "Name <address>".
    MAIL_FROM: z.preprocess(blankIsUnset, z.string().trim().min(3).default("Canvas <canvas@localhost>")),
    // Whether `npm start` runs the job worker in its first process (on), or leaves the jobs to
    // `npm run worker` (off). PGlite can only run it in the app's process.
    CANVAS_JOBS: z.preprocess(blankIsUnset, z.enum(["on", "off"]).default("on")),
    // How many proxies in front of the app append to X-Forwarded-For (0: clients connect directly).
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  })
  .superRefine((env, context) => {
    if (env.STORAGE_DRIVER !== "s3") return;
    const missing = (name: string, why: string) => context.addIssue({ code: "custom", path: [name], message: why });
    if (!env.S3_BUCKET) missing("S3_BUCKET", "S3_BUCKET is required when STORAGE_DRIVER=s3");
    if (!env.S3_REGION)
      missing("S3_REGION", "S3_REGION is required when STORAGE_DRIVER=s3 (us-east-1 for most S3-compatible servers)");
    if (env.S3_ACCESS_KEY_ID && !env.S3_SECRET_ACCESS_KEY) {
      missing("S3_SECRET_ACCESS_KEY", "S3_SECRET_ACCESS_KEY is required with S3_ACCESS_KEY_ID");
    }
    if (env.S3_SECRET_ACCESS_KEY && !env.S3_ACCESS_KEY_ID) {
      missing("S3_ACCESS_KEY_ID", "S3_ACCESS_KEY_ID is required with S3_SECRET_ACCESS_KEY");
    }
  });

const DEVELOPMENT_SECRET = "canvas-development-secret-not-for-production-use";

export type Env = Omit<z.infer<typeof envSchema>, "BETTER_AUTH_SECRET"> & { BETTER_AUTH_SECRET: string };

export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  const { BETTER_AUTH_SECRET, ...rest } = parsed.data;
  if (!BETTER_AUTH_SECRET && rest.NODE_ENV === "production") {
    throw new Error("Invalid environment: BETTER_AUTH_SECRET is required in production (32+ random characters)");
  }
  return { ...rest, BETTER_AUTH_SECRET: BETTER_AUTH_SECRET ?? DEVELOPMENT_SECRET };
}
