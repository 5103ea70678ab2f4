DROP TRIGGER monthly_reviews_history_remember ON monthly_reviews;--> statement-breakpoint
DROP TRIGGER proof_points_history_remember ON proof_points;--> statement-breakpoint
DROP TRIGGER theses_history_remember ON theses;--> statement-breakpoint
DROP TRIGGER canvases_history_remember ON canvases;--> statement-breakpoint
DROP TRIGGER vbus_history_remember ON vbus;--> statement-breakpoint
DROP TRIGGER monthly_reviews_history ON monthly_reviews;--> statement-breakpoint
DROP TRIGGER attachments_history ON attachments;--> statement-breakpoint
DROP TRIGGER proof_points_history ON proof_points;--> statement-breakpoint
DROP TRIGGER theses_history ON theses;--> statement-breakpoint
DROP TRIGGER canvases_history ON canvases;--> statement-breakpoint
DROP TRIGGER vbus_history ON vbus;--> statement-breakpoint
DROP TRIGGER change_history_no_truncate ON change_history;--> statement-breakpoint
DROP TRIGGER change_history_append_only ON change_history;--> statement-breakpoint
DROP FUNCTION refuse_history_change();--> statement-breakpoint
DROP FUNCTION remember_deleted_row();--> statement-breakpoint
DROP FUNCTION record_change();--> statement-breakpoint
DROP FUNCTION history_changes(jsonb, jsonb, text[]);--> statement-breakpoint
DROP FUNCTION history_vbu_of(text, jsonb);--> statement-breakpoint
DROP FUNCTION history_remembered(uuid);--> statement-breakpoint
DROP FUNCTION history_remember(uuid, uuid, text);--> statement-breakpoint
DROP FUNCTION history_actor();
