// The bench's page-weight count (scripts/page-weight.ts): the HTML plus every <img> it
// references, each fetched with the reader's cookie, or as redirected by imageUrl.
import { describe, expect, it } from "vitest";
import { imageSources, pageWeight } from "../../scripts/page-weight";

const HTML = `<html><body><img alt="a" src="/api/attachments/1/thumbnail" width="48"/>
<p>text</p><img src="/api/attachments/2/thumbnail"><a href="/api/attachments/3">file</a>
<img data-x="1" src="/logo.png?v=1&amp;w=2"></body></html>`;

function fakeFetch(bodies: Record<string, string | Uint8Array<ArrayBuffer>>) {
  const calls: { url: string; cookie: string | null }[] = [];
  const get = async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : input);
    calls.push({ url: url.pathname + url.search, cookie: new Headers(init?.headers).get("cookie") });
    const body = bodies[url.pathname + url.search];
    return body === undefined ? new Response("missing", { status: 404 }) : new Response(body);
  };
  return { get, calls };
}

describe("page weight", () => {
  it("finds every <img> src and no link", () => {
    expect(imageSources(HTML)).toEqual([
      "/api/attachments/1/thumbnail",
      "/api/attachments/2/thumbnail",
      "/logo.png?v=1&w=2",
    ]);
  });

  it("sums the HTML and each image it references, fetched with the cookie", async () => {
    const { get, calls } = fakeFetch({
      "/page": HTML,
      "/api/attachments/1/thumbnail": new Uint8Array(3000),
      "/api/attachments/2/thumbnail": new Uint8Array(4000),
      "/logo.png?v=1&w=2": new Uint8Array(500),
    });
    const weight = await pageWeight("http://127.0.0.1:1/page", "s=1", { fetch: get });
    const html = new TextEncoder().encode(HTML).byteLength;
    expect(weight).toEqual({
      html,
      images: [
        { src: "/api/attachments/1/thumbnail", bytes: 3000 },
        { src: "/api/attachments/2/thumbnail", bytes: 4000 },
        { src: "/logo.png?v=1&w=2", bytes: 500 },
      ],
      total: html + 7500,
    });
    expect(calls.every((c) => c.cookie === "s=1")).toBe(true);
  });

  it("weighs the whole files instead when imageUrl points each image at its download", async () => {
    const { get } = fakeFetch({
      "/page": HTML,
      "/api/attachments/1": new Uint8Array(2_000_000),
      "/api/attachments/2": new Uint8Array(2_300_000),
      "/logo.png?v=1&w=2": new Uint8Array(500),
    });
    const weight = await pageWeight("http://127.0.0.1:1/page", "s=1", {
      fetch: get,
      imageUrl: (src) => src.replace(/\/thumbnail$/, ""),
    });
    expect(weight.images.map((i) => i.bytes)).toEqual([2_000_000, 2_300_000, 500]);
  });

  it("fails rather than count an error page or a refused image", async () => {
    const { get } = fakeFetch({ "/page": HTML });
    await expect(pageWeight("http://127.0.0.1:1/page", "s=1", { fetch: get })).rejects.toThrow(
      "/api/attachments/1/thumbnail answered 404",
    );
  });
});
