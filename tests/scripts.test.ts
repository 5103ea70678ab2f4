// The scripts (npm run db:*, e2e, bench, start) import no test code: what both need lives in a
// neutral module (db/scratch.ts for throwaway databases), so test helpers can change freely.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SCRIPTS = join(ROOT, "scripts");
const TEST_CODE = ["tests", "e2e"];

/** Every relative module a source file imports (static, dynamic, side-effect or require). */
function relativeImports(source: string): string[] {
  const specifiers = source.matchAll(
    /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(["'])(\.{1,2}\/[^"']*)\1/g,
  );
  return [...specifiers].map((m) => m[2]!);
}

/** For each script, the test code it imports, as paths from the repository root. */
function testImportsOfScripts(): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  const files = readdirSync(SCRIPTS, { recursive: true, encoding: "utf8" }).filter((f) => /\.[cm]?[jt]s$/.test(f));
  for (const file of files) {
    const path = join(SCRIPTS, file);
    const imported = relativeImports(readFileSync(path, "utf8"))
      .map((specifier) =>
        relative(ROOT, resolve(dirname(path), specifier))
          .split("\\")
          .join("/"),
      )
      .filter((target) => TEST_CODE.some((dir) => target === dir || target.startsWith(`${dir}/`)));
    if (imported.length > 0) found[`scripts/${file.split("\\").join("/")}`] = imported;
  }
  return found;
}

describe("scripts", () => {
  it("finds imports the way scripts write them", () => {
    expect(
      relativeImports(
        `import a from "../tests/x";\nimport { b } from '../db/y';\nimport "./z";\nawait import("../e2e/w");`,
      ),
    ).toEqual(["../tests/x", "../db/y", "./z", "../e2e/w"]);
  });

  it("import no test code (tests/, e2e/)", () => {
    const offending = Object.entries(testImportsOfScripts()).map(
      ([script, imports]) => `${script} imports ${imports.join(", ")}`,
    );
    expect(offending).toEqual([]);
  });
});
