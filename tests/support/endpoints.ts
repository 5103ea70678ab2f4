// Every public endpoint of the app, found by reading app/ rather than listed by hand, so a new
// one is covered (or fails the inventory) without anybody remembering to add it:
// - server actions: every export of every module whose first statement is "use server";
// - route handlers: every HTTP-method export of every route.ts.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const APP = fileURLToPath(new URL("../../app/", import.meta.url));

/** Comments and spaces, then the "use server" directive (comments may come before a directive). */
const USE_SERVER_FIRST = /^(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*(["'])use server\1/;
const ROUTE_FILE = /(?:^|\/)route\.[jt]sx?$/;
const HTTP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]);

/** Source files under app/, as "app/…" paths with forward slashes, sorted. */
function appSources(): string[] {
  return readdirSync(APP, { recursive: true, encoding: "utf8" })
    .map((file) => file.split("\\").join("/"))
    .filter((file) => /\.[jt]sx?$/.test(file))
    .map((file) => `app/${file}`)
    .sort();
}

const absolute = (file: string) => join(APP, file.slice("app/".length));

/** Every module under app/ whose first statement is "use server", as "app/…" paths. */
export function serverActionModules(): string[] {
  return appSources().filter((file) => USE_SERVER_FIRST.test(readFileSync(absolute(file), "utf8")));
}

/** Every route handler module under app/ (route.ts), as "app/…" paths. */
export function routeModules(): string[] {
  return appSources().filter((file) => ROUTE_FILE.test(file));
}

/** The URL path a route module answers: app/api/x/[id]/route.ts is /api/x/[id] (groups dropped). */
export function routePath(file: string): string {
  const segments = file
    .split("/")
    .slice(1, -1)
    .filter((segment) => !/^\(.*\)$/.test(segment) && !segment.startsWith("@"));
  return `/${segments.join("/")}`;
}

/** An endpoint takes whatever a client sends. */
export type AnyEndpoint = (...args: unknown[]) => Promise<unknown>;

export interface ServerAction {
  /** The module, as "app/…". */
  file: string;
  /** The exported name, e.g. "saveCanvasAction". */
  name: string;
  action: AnyEndpoint;
}

export interface RouteHandler {
  file: string;
  /** "GET /api/attachments/[id]". */
  name: string;
  method: string;
  path: string;
  handler: AnyEndpoint;
}

/** The exported server actions of one "use server" module. */
export async function actionsOf(file: string): Promise<ServerAction[]> {
  const exports = (await import(absolute(file))) as Record<string, AnyEndpoint>;
  return Object.entries(exports).map(([name, action]) => ({ file, name, action }));
}

/** Every exported server action, in module order. */
export async function serverActions(): Promise<ServerAction[]> {
  return (await Promise.all(serverActionModules().map(actionsOf))).flat();
}

/**
 * Every exported route handler. Other exports of a route module (route segment config such as
 * `dynamic` or `runtime`) are not endpoints; an exported function under another name would be
 * a mistake Next.js refuses, so it is reported as a handler too, and fails any inventory.
 */
export async function routeHandlers(): Promise<RouteHandler[]> {
  const found: RouteHandler[] = [];
  for (const file of routeModules()) {
    const path = routePath(file);
    const exports = (await import(absolute(file))) as Record<string, unknown>;
    for (const [method, handler] of Object.entries(exports)) {
      if (!HTTP_METHODS.has(method) && typeof handler !== "function") continue;
      found.push({ file, name: `${method} ${path}`, method, path, handler: handler as AnyEndpoint });
    }
  }
  return found;
}
