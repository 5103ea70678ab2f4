// What a production server (npm start) answers about transport and size: the session cookie is
// `__Host-` (Secure, HttpOnly, Path=/, no Domain) and still works on http://127.0.0.1, which
// browsers count as secure; HSTS only for requests a trusted proxy says came over HTTPS; an
// oversized server-action body gets a clear 413, and nothing in the server's log.
import { expect, test } from "@playwright/test";
import { ACTION_BODY_LIMIT_BYTES, ACTION_BODY_TOO_LARGE } from "../../lib/security/action-body";
import { DEMO, DEMO_PASSWORD } from "../support";
import { type ProductionServer, startProductionServer } from "./server";

let server: ProductionServer | undefined;
test.afterEach(async () => {
  await server?.close();
  server = undefined;
});

const SESSION_COOKIE = "__Host-better-auth.session_token";

test("the session cookie is __Host- prefixed, Secure, HttpOnly, Path=/ without a Domain, and sign-out clears it", async ({
  page,
}) => {
  server = await startProductionServer();
  const setCookies: string[] = [];
  page.on("response", async (response) => {
    for (const { name, value } of await response.headersArray()) {
      if (name.toLowerCase() === "set-cookie") setCookies.push(value);
    }
  });

  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("Email").fill(DEMO.admin.email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Signed in as")).toContainText(DEMO.admin.name);

  const session = setCookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  expect(session, setCookies.join("\n")).toBeDefined();
  const attributes = session!.split(";").map((a) => a.trim().toLowerCase());
  expect(attributes).toEqual(expect.arrayContaining(["path=/", "secure", "httponly", "samesite=lax"]));
  expect(attributes.some((a) => a.startsWith("domain="))).toBe(false);
  expect(setCookies.filter((c) => /^__Secure-|^better-auth\./.test(c))).toEqual([]);
  const stored = (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
  expect(stored).toMatchObject({ path: "/", secure: true, httpOnly: true, domain: "127.0.0.1" });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  expect((await page.context().cookies()).map((c) => c.name)).not.toContain(SESSION_COOKIE);
});

test("HSTS is sent only when a trusted proxy says the request came over HTTPS", async ({ request }) => {
  const hsts = async (headers: Record<string, string>) =>
    (await request.get(`${server!.url}/sign-in`, { headers, maxRedirects: 0 })).headers()["strict-transport-security"];

  server = await startProductionServer({ env: { TRUSTED_PROXY_HOPS: "1" } });
  expect(await hsts({ "x-forwarded-proto": "https" })).toBe("max-age=63072000; includeSubDomains");
  expect(await hsts({ "x-forwarded-proto": "http" })).toBeUndefined();
  // A client wrote "https"; the proxy appended what it really saw.
  expect(await hsts({ "x-forwarded-proto": "https, http" })).toBeUndefined();
  expect(await hsts({})).toBeUndefined();
  await server.close();

  // No proxy in front: plain HTTP, whatever the client writes.
  server = await startProductionServer();
  expect(await hsts({ "x-forwarded-proto": "https" })).toBeUndefined();
  expect(await hsts({})).toBeUndefined();
});

test("a server-action body over the limit is refused with a clear 413 and nothing logged", async ({ request }) => {
  server = await startProductionServer();
  const body = "x".repeat(ACTION_BODY_LIMIT_BYTES + 1);
  for (const headers of <Record<string, string>[]>[
    // As the app's own forms send an action (fetch, with the action's id)...
    { "next-action": "7f".padEnd(42, "0"), "content-type": "text/plain;charset=UTF-8" },
    // ...and as a form posts before the page's scripts have loaded.
    { "content-type": "application/x-www-form-urlencoded" },
  ]) {
    const response = await request.post(`${server.url}/sign-in`, { headers, data: body, maxRedirects: 0 });
    expect(response.status()).toBe(413);
    expect(response.headers()["content-type"]).toBe("text/plain");
    expect(await response.text()).toBe(ACTION_BODY_TOO_LARGE);
  }
  expect(server.output()).not.toMatch(/Error|exceeded|\n\s+at /);
});
