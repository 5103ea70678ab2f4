import type { Metadata } from "next";
import Link from "next/link";
import { listGmChoices, listVbusForAdmin } from "@/lib/admin/vbus";
import { requireAdminForPage } from "@/lib/auth/session";
import { formatDay } from "@/lib/dates";
import { historyPath } from "@/lib/history/paths";
import { listDeletedVbus } from "@/lib/history/read";
import { readNotice } from "@/lib/security/signed-notice";
import { CreateVbuForm } from "./create-vbu-form";
import { ReassignGmForm, RenameVbuForm } from "./vbu-row-forms";

export const metadata: Metadata = { title: "VBUs" };

export default async function VbusPage({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  const admin = await requireAdminForPage("/admin/vbus");
  const [vbuList, gms, deletedVbus, { deleted }] = await Promise.all([
    listVbusForAdmin(admin),
    listGmChoices(admin),
    listDeletedVbus(admin),
    searchParams,
  ]);
  // Only a name the delete action signed: text anyone can write in a link is never shown.
  const deletedName = readNotice("vbu-deleted", deleted);
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold tracking-tight">VBUs</h1>
      {deletedName !== null && (
        <p role="status" className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">
          {deletedName} was deleted.
        </p>
      )}
      <section aria-labelledby="new-vbu" className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="new-vbu" className="mb-4 text-lg font-semibold">
          Add a VBU
        </h2>
        <CreateVbuForm gms={gms} />
      </section>
      <section aria-labelledby="all-vbus" className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <h2 id="all-vbus" className="px-5 pt-5 text-lg font-semibold">
          All VBUs ({vbuList.length})
        </h2>
        <table className="mt-3 w-full text-left text-sm">
          <thead className="border-b border-slate-200 text-slate-700">
            <tr>
              <th scope="col" className="px-5 py-2">
                VBU
              </th>
              <th scope="col" className="px-5 py-2">
                Name
              </th>
              <th scope="col" className="px-5 py-2">
                General manager
              </th>
              <th scope="col" className="px-5 py-2">
                <span className="sr-only">Delete</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {vbuList.map((vbu) => (
              <tr key={vbu.id} className="border-b border-slate-100 align-top">
                <th scope="row" className="px-5 py-3 font-medium">
                  {vbu.name}
                </th>
                <td className="px-5 py-3">
                  <RenameVbuForm vbuId={vbu.id} name={vbu.name} />
                </td>
                <td className="px-5 py-3">
                  <ReassignGmForm vbuId={vbu.id} vbuName={vbu.name} gmId={vbu.gmId} gms={gms} />
                </td>
                <td className="px-5 py-3">
                  <Link
                    href={`/admin/vbus/${vbu.id}/delete`}
                    className="text-red-800 underline"
                    aria-label={`Delete ${vbu.name}`}
                  >
                    Delete…
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {deletedVbus.length > 0 && (
        <section aria-labelledby="deleted-vbus" className="rounded-lg border border-slate-200 bg-white p-5">
          <h2 id="deleted-vbus" className="mb-2 text-lg font-semibold">
            Deleted VBUs
          </h2>
          <p className="mb-3 text-sm text-slate-700">Their change history stays, for admins to read.</p>
          <ul className="space-y-1 text-sm">
            {deletedVbus.map((vbu) => (
              <li key={`${vbu.vbuId}-${vbu.deletedAt}`}>
                <Link href={historyPath(vbu.vbuId)} className="font-medium text-blue-800 underline">
                  {vbu.name}
                </Link>{" "}
                <span className="text-slate-700">
                  deleted by {vbu.deletedBy} on {formatDay(vbu.deletedAt)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
