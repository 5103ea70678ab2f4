DROP TRIGGER change_history_trend_deltas ON change_history;--> statement-breakpoint
DROP FUNCTION record_trend_deltas();--> statement-breakpoint
DROP VIEW trend_entry_deltas;
