DROP INDEX "ix_change_history_vbu_deleted";--> statement-breakpoint
DROP INDEX "ix_change_history_status";--> statement-breakpoint
DROP INDEX "ix_change_history_lane";
