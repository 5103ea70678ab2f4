-- Derived data only (the trends' closed months): nothing is lost that the history cannot rebuild.
DROP TABLE "trend_month_keys";--> statement-breakpoint
DROP TABLE "trend_month_counts";--> statement-breakpoint
DROP TABLE "trend_months";
