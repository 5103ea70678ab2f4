DROP TRIGGER change_history_forget_all_trend_months ON change_history;--> statement-breakpoint
DROP TRIGGER change_history_forget_trend_months ON change_history;--> statement-breakpoint
DROP FUNCTION forget_all_trend_months();--> statement-breakpoint
DROP FUNCTION forget_trend_months();--> statement-breakpoint
DROP FUNCTION store_trend_months(date[]);--> statement-breakpoint
DROP FUNCTION trend_keys_at(timestamptz);
