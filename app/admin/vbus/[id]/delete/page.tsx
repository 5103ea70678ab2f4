import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "@/lib/zod";
import { ActionButton } from "@/app/_components/action-button";
import { vbuDeletionSummary } from "@/lib/admin/vbus";
import { requireAdminForPage } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { deleteVbuAction } from "../../actions";

export const metadata: Metadata = { title: "Delete VBU" };

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export default async function DeleteVbuPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const admin = await requireAdminForPage(`/admin/vbus/${id}/delete`);
  if (!z.uuid().safeParse(id).success) notFound();
  const summary = await vbuDeletionSummary(admin, id).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  return (
    <div className="mx-auto max-w-xl space-y-4 rounded-lg border border-red-200 bg-white p-6">
      <h1 className="text-xl font-semibold">Delete {summary.name}?</h1>
      <p>This deletes the VBU and its whole canvas, for good:</p>
      <ul className="list-inside list-disc text-slate-800">
        <li>{plural(summary.theses, "thesis", "theses")}</li>
        <li>{plural(summary.proofPoints, "proof point", "proof points")}</li>
        <li>{plural(summary.attachments, "evidence file", "evidence files")}</li>
      </ul>
      <div className="flex items-center gap-4">
        <ActionButton
          action={deleteVbuAction}
          fields={{ vbuId: summary.id }}
          label={`Delete ${summary.name}`}
          tone="danger"
        />
        <Link href="/admin/vbus" className="text-sm underline">
          Keep it
        </Link>
      </div>
    </div>
  );
}
