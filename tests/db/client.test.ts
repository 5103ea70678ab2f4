import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { readEnv } from "../../lib/env";

describe("the embedded database directory lock", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "canvas-lock-"));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it("creates the directory, holds a lock while open and releases it on close", async () => {
    const dir = join(root, "nested", "pglite");
    const handle = openDatabase({ pgliteDir: dir });
    await handle.db.execute(sql`SELECT 1`);
    expect(existsSync(dir)).toBe(true);
    expect(readFileSync(`${dir}.lock`, "utf8")).toBe(String(process.pid));
    await handle.close();
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });

  it("refuses a second opener while the first holds it, naming the owner", async () => {
    const dir = join(root, "pglite");
    const first = openDatabase({ pgliteDir: dir });
    expect(() => openDatabase({ pgliteDir: dir })).toThrow(`in use by process ${process.pid}`);
    await first.close();
    const again = openDatabase({ pgliteDir: dir });
    await again.close();
  });

  it("refuses when another running process holds the lock", async () => {
    const dir = join(root, "pglite");
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    try {
      writeFileSync(`${dir}.lock`, String(other.pid));
      expect(() => openDatabase({ pgliteDir: dir })).toThrow(`in use by process ${other.pid}`);
    } finally {
      other.kill();
    }
  });

  it("takes over a lock left by a process that no longer runs", async () => {
    const dir = join(root, "pglite");
    const gone = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => gone.on("exit", resolve));
    writeFileSync(`${dir}.lock`, String(gone.pid));
    const handle = openDatabase({ pgliteDir: dir });
    expect(readFileSync(`${dir}.lock`, "utf8")).toBe(String(process.pid));
    await handle.close();
  });
});

describe("readEnv", () => {
  it("uses the embedded database in .data/pglite when DATABASE_URL is unset or empty", () => {
    expect(readEnv({}).DATABASE_URL).toBeUndefined();
    expect(readEnv({}).PGLITE_DIR).toBe(".data/pglite");
    expect(readEnv({ DATABASE_URL: "  " }).DATABASE_URL).toBeUndefined();
  });

  it("accepts a postgres URL and refuses anything else with the variable's name", () => {
    expect(readEnv({ DATABASE_URL: "postgres://u@h:5432/d" }).DATABASE_URL).toBe("postgres://u@h:5432/d");
    expect(() => readEnv({ DATABASE_URL: "mysql://u@h/d" })).toThrow(/DATABASE_URL/);
  });
});

describe("readEnv: the session secret", () => {
  it("is required in production and defaulted elsewhere", () => {
    expect(() => readEnv({ NODE_ENV: "production" })).toThrow(/BETTER_AUTH_SECRET is required/);
    expect(() => readEnv({ NODE_ENV: "production", BETTER_AUTH_SECRET: "short" })).toThrow(/at least 32/);
    expect(readEnv({ NODE_ENV: "development" }).BETTER_AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
  });
});
