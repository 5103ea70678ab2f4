import { z } from "./zod";

// The environment, validated once. Unset DATABASE_URL means the embedded PGlite database.
const envSchema = z.object({
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
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  // Signs session cookies. Required in production; development and tests get a fixed one.
  BETTER_AUTH_SECRET: z.string().min(32, "BETTER_AUTH_SECRET must be at least 32 characters").optional(),
  // The public URL of the app, when it sits behind a proxy; otherwise taken from the request.
  BETTER_AUTH_URL: z.url().optional(),
  // How many proxies in front of the app append to X-Forwarded-For (0: clients connect directly).
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
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
