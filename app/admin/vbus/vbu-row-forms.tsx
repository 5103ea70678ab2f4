"use client";
import { ClientForm } from "@/app/_components/client-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { startTransition, useActionState } from "react";
import { useForm } from "react-hook-form";
import { ActionFeedback } from "@/app/_components/fields";
import { IDLE } from "@/lib/action-state";
import type { GmChoice } from "@/lib/admin/vbus";
import { renameVbuSchema } from "@/lib/admin/vbu-schemas";
import { reassignGmAction, renameVbuAction } from "./actions";

export function RenameVbuForm({ vbuId, name }: { vbuId: string; name: string }) {
  const [state, dispatch, pending] = useActionState(renameVbuAction, IDLE);
  const form = useForm({ resolver: zodResolver(renameVbuSchema), defaultValues: { vbuId, name } });
  const error =
    form.formState.errors.name?.message ?? (state.status === "error" ? state.fieldErrors.name?.[0] : undefined);
  const onSubmit = form.handleSubmit((values) => {
    const data = new FormData();
    data.set("vbuId", values.vbuId);
    data.set("name", values.name);
    startTransition(() => dispatch(data));
  });
  return (
    <ClientForm onSubmit={onSubmit} noValidate className="flex flex-wrap items-start gap-2">
      <div>
        <label htmlFor={`name-${vbuId}`} className="sr-only">
          Name of {name}
        </label>
        <input
          id={`name-${vbuId}`}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `name-${vbuId}-error` : undefined}
          className="rounded-md border border-slate-300 px-2 py-1 text-sm aria-invalid:border-red-600"
          {...form.register("name")}
        />
        {error && (
          <p id={`name-${vbuId}-error`} className="text-sm text-red-700">
            {error}
          </p>
        )}
      </div>
      <button
        type="submit"
        disabled={pending}
        className="rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-50 disabled:opacity-60"
      >
        Rename
      </button>
      <ActionFeedback state={state} />
    </ClientForm>
  );
}

export function ReassignGmForm({
  vbuId,
  vbuName,
  gmId,
  gms,
}: {
  vbuId: string;
  vbuName: string;
  gmId: string;
  gms: GmChoice[];
}) {
  const [state, dispatch, pending] = useActionState(reassignGmAction, IDLE);
  return (
    <form action={dispatch} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="vbuId" value={vbuId} />
      <label htmlFor={`gm-${vbuId}`} className="sr-only">
        GM of {vbuName}
      </label>
      <select
        id={`gm-${vbuId}`}
        name="gmId"
        defaultValue={gmId}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
      >
        {gms.map((g) => (
          <option key={g.id} value={g.id}>
            {g.label}
          </option>
        ))}
      </select>
      <button
        type="submit"
        disabled={pending}
        className="rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-50 disabled:opacity-60"
      >
        Reassign
      </button>
      <ActionFeedback state={state} />
    </form>
  );
}
