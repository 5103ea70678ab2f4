// `npm start` refuses a configuration several instances cannot share (scripts/shared-config.mjs),
// before any worker starts, with a message naming the variable to set.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { npmStart } from "./npm-start";

const SHARED = {
  DATABASE_URL: "postgres://postgres@127.0.0.1:5432/canvas_shared_config_never_opened",
  BETTER_AUTH_SECRET: randomBytes(32).toString("hex"),
  NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  STORAGE_DRIVER: "s3",
  CANVAS_INSTANCES: "2",
};

async function refusal(env: Record<string, string | undefined>) {
  const started = npmStart(["-p", "0"], env);
  const code = await started.exited;
  return { code, output: started.output() };
}

describe("npm start with several instances declared", () => {
  it.each([
    ["STORAGE_DRIVER", { STORAGE_DRIVER: undefined }, /STORAGE_DRIVER is "fs" \(the default\) with CANVAS_INSTANCES=2/],
    ["STORAGE_DRIVER", { STORAGE_DRIVER: "fs" }, /STORAGE_DRIVER is "fs"/],
    [
      "NEXT_SERVER_ACTIONS_ENCRYPTION_KEY",
      { NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: undefined },
      /NEXT_SERVER_ACTIONS_ENCRYPTION_KEY is not set/,
    ],
    [
      "NEXT_SERVER_ACTIONS_ENCRYPTION_KEY",
      { NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: "short" },
      /NEXT_SERVER_ACTIONS_ENCRYPTION_KEY must be a base64 AES key/,
    ],
    ["BETTER_AUTH_SECRET", { BETTER_AUTH_SECRET: undefined }, /BETTER_AUTH_SECRET is not set/],
    ["DATABASE_URL", { DATABASE_URL: undefined }, /DATABASE_URL is not set/],
    ["CANVAS_INSTANCES", { CANVAS_INSTANCES: "two" }, /CANVAS_INSTANCES must be a whole number/],
  ])("refuses to start, naming %s", async (_variable, change, message) => {
    const { code, output } = await refusal({ ...SHARED, ...change });
    expect(code).toBe(1);
    expect(output).toMatch(message);
    expect(output).toMatch(/canvas: cannot start:/);
    expect(output).not.toMatch(/starting \d+ next start worker/);
  });

  it("names every problem at once", async () => {
    const { code, output } = await refusal({ CANVAS_INSTANCES: "3", DATABASE_URL: SHARED.DATABASE_URL });
    expect(code).toBe(1);
    for (const variable of ["STORAGE_DRIVER", "BETTER_AUTH_SECRET", "NEXT_SERVER_ACTIONS_ENCRYPTION_KEY"]) {
      expect(output).toContain(variable);
    }
  });
});
