import { expect, test } from "@playwright/test";
import { startProductionServer } from "./server";

// Production runs on Node 24 LTS from the `node` devDependency, like the rest (README): the
// browser tests run on it, and `npm start`'s script, started with their Node, says which Node
// its workers run on (they are forked with the same binary).
test("the production server runs on Node 24", async () => {
  expect(process.version).toMatch(/^v24\./);
  const server = await startProductionServer();
  try {
    expect(server.output()).toMatch(/next start worker on Node v24\./);
  } finally {
    await server.close();
  }
});
