"use client";
import { ClientForm } from "@/app/_components/client-form";
import { FormMessage, SubmitButton, TextAreaField } from "@/app/_components/fields";
import { useActionForm } from "@/app/_components/use-action-form";
import { acknowledgeReviewSchema } from "@/lib/reviews/schemas";
import { acknowledgeReviewAction } from "./actions";

/** An admin acknowledges a published review, with a comment its GM will read if they like. */
export function AcknowledgeForm({
  reviewId,
  name,
}: {
  reviewId: string;
  /** "Harbor Logistics, November 2026" */ name: string;
}) {
  const { form, state, pending, onSubmit } = useActionForm(acknowledgeReviewSchema, acknowledgeReviewAction, {
    reviewId,
    comment: "",
  });
  const id = `acknowledge-${reviewId}`;
  return (
    <ClientForm onSubmit={onSubmit} noValidate aria-label={`Acknowledge ${name}`} className="space-y-3">
      <FormMessage state={state} />
      <TextAreaField
        id={`${id}-comment`}
        label="Comment for the GM (optional)"
        rows={2}
        registration={form.register("comment")}
        error={form.formState.errors.comment}
      />
      <SubmitButton pending={pending}>{pending ? "Acknowledging…" : "Acknowledge"}</SubmitButton>
    </ClientForm>
  );
}
