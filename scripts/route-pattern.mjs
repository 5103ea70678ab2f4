// The route pattern of a request path, for the access log: "/vbus/[id]", never "/vbus/8c1e…",
// so lines group by route and carry no ids. Next.js writes every page and route handler of the
// build, with the regular expression it matches them by, into .next/routes-manifest.json; the
// preload reads it once and matches each path the same way. (Next.js 16 exposes the pattern to
// instrumentation's onRequestError only, not on every request, and a header set by the app
// would miss the requests that never reach a page: static files, 404s, the proxy's 413s.)
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** @typedef {{ page: string, regex: string }} ManifestRoute */

function loadRoutes(dir) {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, ".next", "routes-manifest.json"), "utf8"));
    /** @type {ManifestRoute[]} */
    const routes = [...(manifest.staticRoutes ?? []), ...(manifest.dynamicRoutes ?? [])];
    return routes.map((route) => ({ page: route.page, regex: new RegExp(route.regex) }));
  } catch {
    return []; // no build here: every path is "(unmatched)", and `next start` refuses to run anyway
  }
}

/** A matcher over the build in `dir`: static routes first, as Next.js resolves them. */
export function routePatterns(dir = process.cwd()) {
  const routes = loadRoutes(dir);
  return (/** @type {string | undefined} */ url) => {
    const path = (url ?? "/").split("?")[0] ?? "/";
    if (path.startsWith("/_next/static/")) return "/_next/static";
    if (path.startsWith("/_next/image")) return "/_next/image";
    // A client navigation's flight data and prefetches ask for the page's own path with a
    // suffix (/vbus/1.rsc, /vbus/1.segments/…): the same route.
    const page = path.replace(/\.(segments\/.*|prefetch\.rsc|rsc)$/, "") || "/";
    return routes.find((route) => route.regex.test(page))?.page ?? "(unmatched)";
  };
}
