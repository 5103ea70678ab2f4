"use client";
import { startTransition, useActionState } from "react";
import { ClientForm } from "@/app/_components/client-form";
import { FormMessage } from "@/app/_components/fields";
import { IDLE } from "@/lib/action-state";
import { openNotificationAction } from "./actions";

/** A notification's words, as a button that marks it read and goes where it leads. */
export function OpenNotification({
  notificationId,
  words,
  read,
}: {
  notificationId: string;
  words: string;
  read: boolean;
}) {
  const [state, dispatch] = useActionState(openNotificationAction, IDLE);
  return (
    <ClientForm
      onSubmit={(event) => {
        event.preventDefault();
        const formData = new FormData();
        formData.set("notificationId", notificationId);
        startTransition(() => dispatch(formData));
      }}
    >
      <button type="submit" className="text-left text-sm text-blue-900 underline hover:text-blue-950">
        {read ? words : <strong className="font-semibold">{words}</strong>}
      </button>
      <FormMessage state={state} />
    </ClientForm>
  );
}
