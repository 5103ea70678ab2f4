DROP INDEX "ix_change_history_lane";
