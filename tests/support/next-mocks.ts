// Server code under test runs outside a Next.js request: give it one (tests/support/request.ts).
import { vi } from "vitest";

vi.mock("next/headers", async () => {
  const request = await import("./request");
  return {
    headers: async () => request.requestHeaders(),
    cookies: async () => request.cookieStore,
  };
});

vi.mock("next/cache", () => ({
  revalidatePath: vi.fn(),
  revalidateTag: vi.fn(),
  refresh: vi.fn(),
}));
