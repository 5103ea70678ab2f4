-- The board's time in lane reads each VBU's latest lane entry: one index step instead of a walk back
-- through its history (and a plan cheap enough that PostgreSQL does not JIT-compile the board).
CREATE INDEX "ix_change_history_lane" ON "change_history" USING btree ("vbu_id","id") WHERE "change_history"."subject" = 'canvas' AND "change_history"."changes" ? 'lifecycle_lane';