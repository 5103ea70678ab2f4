import type { Metadata } from "next";
import { PASSWORD_PAGE, requireUserForPage } from "@/lib/auth/session";
import { safeReturnPath } from "@/lib/safe-return-path";
import { PasswordForm } from "./password-form";

export const metadata: Metadata = { title: "Change password" };

export default async function PasswordPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const user = await requireUserForPage(PASSWORD_PAGE);
  const { next } = await searchParams;
  return (
    <div className="mx-auto max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-1 text-xl font-semibold">Change your password</h1>
      {user.mustChangePassword ? (
        <p role="status" className="mb-5 text-sm text-slate-700">
          You signed in with a temporary password. Choose your own to continue.
        </p>
      ) : (
        <p className="mb-5 text-sm text-slate-700">Your other sessions will be signed out.</p>
      )}
      <PasswordForm next={safeReturnPath(typeof next === "string" ? next : undefined)} />
    </div>
  );
}
