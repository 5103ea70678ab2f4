import { readFileSync } from "node:fs";
import { expect, it } from "vitest";

// The app, its scripts and its tests run on Node 24 LTS from the `node` package in
// devDependencies (npm scripts put node_modules/.bin first on PATH), whatever Node the machine
// has. If a change of PATH, of a script or of the test runner slipped back to the system's
// Node, this fails.
const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  devDependencies: { node: string };
};
const pinned = manifest.devDependencies.node;

it("runs on the Node 24 that package.json pins", () => {
  expect(process.versions.node).toMatch(/^24\./);
  expect(process.versions.node).toBe(pinned);
});
