import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { safeReturnPath } from "@/lib/safe-return-path";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  const returnTo = safeReturnPath(typeof next === "string" ? next : undefined);
  if (await getCurrentUser()) redirect(returnTo);
  return (
    <div className="mx-auto max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-1 text-xl font-semibold">Sign in to Canvas</h1>
      <p className="mb-5 text-sm text-slate-600">Use the email and password your portfolio manager gave you.</p>
      <SignInForm next={returnTo} />
    </div>
  );
}
