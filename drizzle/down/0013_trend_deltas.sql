-- Derived data only (the trends' deltas): the history can rebuild all of it.
DROP TABLE "trend_deltas";
