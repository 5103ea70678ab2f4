"use client";
import { useActionState } from "react";
import type { UserRole } from "@/db/schema";
import { ActionFeedback } from "@/app/_components/fields";
import { IDLE } from "@/lib/action-state";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { changeRoleAction } from "./actions";

export function RoleForm({ userId, userName, role }: { userId: string; userName: string; role: UserRole }) {
  const [state, dispatch, pending] = useActionState(changeRoleAction, IDLE);
  return (
    <form action={dispatch} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="userId" value={userId} />
      <label className="sr-only" htmlFor={`role-${userId}`}>
        Role of {userName}
      </label>
      <select
        id={`role-${userId}`}
        name="role"
        defaultValue={role}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
      >
        {(["viewer", "gm", "admin"] as const).map((value) => (
          <option key={value} value={value}>
            {ROLE_LABELS[value]}
          </option>
        ))}
      </select>
      <button
        type="submit"
        disabled={pending}
        className="rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-50 disabled:opacity-60"
      >
        Change role
      </button>
      <ActionFeedback state={state} />
    </form>
  );
}
