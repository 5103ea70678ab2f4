// What a page costs a reader on first load: its HTML plus every image it references, in bytes
// as received (after the transport's decompression). Used by `npm run bench` for the canvas
// page with evidence; scripts/bench.ts says how the page is set up.

/** The `src` of every <img> in the HTML, in order, decoded from HTML attribute escaping. */
export function imageSources(html: string): string[] {
  return [...html.matchAll(/<img\b[^>]*?\ssrc="([^"]*)"/g)].map((m) => m[1]!.replaceAll("&amp;", "&"));
}

export interface PageWeight {
  html: number;
  images: { src: string; bytes: number }[];
  total: number;
}

/**
 * Fetches the page, then each image it references (same cookie), and sums their bytes.
 * `imageUrl` may point an image elsewhere: the bench uses it to weigh the same page as if
 * it loaded each whole file (the download URL) instead of its thumbnail.
 */
export async function pageWeight(
  url: string,
  cookie: string,
  { fetch: get = fetch, imageUrl = (src: string) => src } = {},
): Promise<PageWeight> {
  const response = await get(url, { headers: { cookie }, redirect: "manual" });
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  const page = await response.text();
  const html = new TextEncoder().encode(page).byteLength;
  const images = [];
  for (const src of imageSources(page)) {
    const image = await get(new URL(imageUrl(src), url).href, { headers: { cookie } });
    if (image.status !== 200) throw new Error(`${src} answered ${image.status}`);
    images.push({ src, bytes: (await image.arrayBuffer()).byteLength });
  }
  return { html, images, total: html + images.reduce((sum, i) => sum + i.bytes, 0) };
}
