// "/" is where the board used to live: it sends every link made then to /board, query and all.
import { getURLFromRedirectError } from "next/dist/client/components/redirect";
import { isRedirectError } from "next/dist/client/components/redirect-error";
import { describe, expect, it } from "vitest";
import Home from "../../app/page";
import type { SearchParams } from "../../lib/board/filters";

async function redirectOf(params: SearchParams): Promise<string> {
  try {
    await Home({ searchParams: Promise.resolve(params) });
  } catch (error) {
    if (isRedirectError(error)) return getURLFromRedirectError(error);
    throw error;
  }
  throw new Error("/ did not redirect");
}

const GM = "3f1c9f1e-2b7a-4c1d-9e55-0a6b2f9d8c11";

describe("the home page", () => {
  it("redirects to the board", async () => {
    expect(await redirectOf({})).toBe("/board");
  });

  it("keeps an old shared link's query as it was, for the board to read (and clean)", async () => {
    expect(await redirectOf({ gm: GM, status: "stalled" })).toBe(`/board?gm=${GM}&status=stalled`);
    expect(await redirectOf({ q: "100% & more", status: ["observed", "stalled"], lane: "milk", utm: "x" })).toBe(
      "/board?q=100%25+%26+more&status=observed&status=stalled&lane=milk&utm=x",
    );
  });
});
