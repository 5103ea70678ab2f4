import type { Metadata } from "next";
import { ActionButton } from "@/app/_components/action-button";
import { listUsers } from "@/lib/admin/users";
import { requireAdminForPage } from "@/lib/auth/session";
import { deleteUserAction, disableUserAction, enableUserAction } from "./actions";
import { CreateUserForm } from "./create-user-form";
import { RoleForm } from "./role-form";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const admin = await requireAdminForPage("/admin/users");
  const people = await listUsers(admin);
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
      <section aria-labelledby="new-user" className="rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="new-user" className="mb-4 text-lg font-semibold">
          Add a user
        </h2>
        <CreateUserForm />
      </section>
      <section aria-labelledby="all-users" className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <h2 id="all-users" className="px-5 pt-5 text-lg font-semibold">
          Everyone ({people.length})
        </h2>
        <table className="mt-3 w-full text-left text-sm">
          <thead className="border-b border-slate-200 text-slate-700">
            <tr>
              <th scope="col" className="px-5 py-2">
                Name
              </th>
              <th scope="col" className="px-5 py-2">
                Email
              </th>
              <th scope="col" className="px-5 py-2">
                Role
              </th>
              <th scope="col" className="px-5 py-2">
                VBUs as GM
              </th>
              <th scope="col" className="px-5 py-2">
                Status
              </th>
              <th scope="col" className="px-5 py-2">
                Actions
              </th>
            </tr>
          </thead>
          <tbody>
            {people.map((person) => (
              <tr key={person.id} className="border-b border-slate-100 align-top">
                <th scope="row" className="px-5 py-3 font-medium">
                  {person.name}
                </th>
                <td className="px-5 py-3">{person.email}</td>
                <td className="px-5 py-3">
                  <RoleForm userId={person.id} userName={person.name} role={person.role} />
                </td>
                <td className="px-5 py-3">{person.vbuCount}</td>
                <td className="px-5 py-3">{person.disabled ? "Disabled" : "Active"}</td>
                <td className="space-y-2 px-5 py-3">
                  {person.id !== admin.id && (
                    <>
                      {person.disabled ? (
                        <ActionButton action={enableUserAction} fields={{ userId: person.id }} label="Enable" />
                      ) : (
                        <ActionButton
                          action={disableUserAction}
                          fields={{ userId: person.id }}
                          label="Disable"
                          confirm={`Disable ${person.name}? They are signed out everywhere and cannot sign in.`}
                        />
                      )}
                      <ActionButton
                        action={deleteUserAction}
                        fields={{ userId: person.id }}
                        label="Delete"
                        tone="danger"
                        confirm={`Delete ${person.name} for good?`}
                      />
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
