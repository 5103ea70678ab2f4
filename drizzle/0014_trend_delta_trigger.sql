-- The trends' deltas (issue 15; the table is drizzle/0013_trend_deltas.sql), written by the database
-- from the change history as it is written, so that /trends sums a few rows per VBU instead of
-- reconstructing every proof point's status at each month's end from the whole history.
--
-- An entry that sets a proof point's status, or a canvas's lane, moves one key (the proof point,
-- or the VBU) from its value before to its value after: +1 to the value after, in the entry's
-- month, and -1 to the value before unless this is the key's first entry (history that began
-- after the key did, as for rows older than the history itself: the key counts from its first
-- entry on, as the live reconstruction counted it). Deltas add up in any order, so a month's
-- count is the sum of the deltas up to it. "First" is by id: a key's writes are serialized by
-- its row's lock, so their ids are in the order they were made.

-- Each history entry's deltas. One definition for the trigger, the fill below and the trends'
-- read of entries after its "now" (lib/trends/read.ts).
CREATE VIEW trend_entry_deltas AS
SELECT h.id, h.at, h.vbu_id, 'status'::varchar(16) AS field,
       date_trunc('month', h.at AT TIME ZONE 'UTC')::date AS month, d.value, d.delta
FROM change_history h
CROSS JOIN LATERAL (VALUES (h.changes->'status'->>0, -1), (h.changes->'status'->>1, 1)) AS d(value, delta)
WHERE h.subject = 'proof_point' AND h.changes ? 'status' AND d.value IS NOT NULL
  AND (d.delta = 1 OR EXISTS (
    SELECT 1 FROM change_history p
    WHERE p.proof_point_id = h.proof_point_id AND p.subject = 'proof_point' AND p.changes ? 'status' AND p.id < h.id))
UNION ALL
SELECT h.id, h.at, h.vbu_id, 'lifecycle_lane'::varchar(16) AS field,
       date_trunc('month', h.at AT TIME ZONE 'UTC')::date AS month, d.value, d.delta
FROM change_history h
CROSS JOIN LATERAL (VALUES (h.changes->'lifecycle_lane'->>0, -1), (h.changes->'lifecycle_lane'->>1, 1)) AS d(value, delta)
WHERE h.subject = 'canvas' AND h.changes ? 'lifecycle_lane' AND d.value IS NOT NULL
  AND (d.delta = 1 OR EXISTS (
    SELECT 1 FROM change_history p
    WHERE p.vbu_id = h.vbu_id AND p.subject = 'canvas' AND p.changes ? 'lifecycle_lane' AND p.id < h.id));--> statement-breakpoint

-- In the writing transaction: an upsert of at most two rows of the entry's VBU (the value it left,
-- the value it took), in the values' order so that two writers lock them in the same order. (Summed:
-- an entry written straight into the history with the same value before and after nets to zero.)
CREATE FUNCTION record_trend_deltas() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO trend_deltas (field, vbu_id, month, value, delta)
  SELECT e.field, e.vbu_id, e.month, e.value, sum(e.delta)::int FROM trend_entry_deltas e WHERE e.id = NEW.id
  GROUP BY e.field, e.vbu_id, e.month, e.value ORDER BY e.value
  ON CONFLICT (field, vbu_id, month, value) DO UPDATE SET delta = trend_deltas.delta + excluded.delta;
  RETURN NULL;
END;
$$;--> statement-breakpoint

-- Only the entries that move a count fire it: a text edit's entry costs nothing more.
CREATE TRIGGER change_history_trend_deltas AFTER INSERT ON change_history FOR EACH ROW
  WHEN ((NEW.subject = 'proof_point' AND NEW.changes ? 'status')
        OR (NEW.subject = 'canvas' AND NEW.changes ? 'lifecycle_lane'))
  EXECUTE FUNCTION record_trend_deltas();--> statement-breakpoint

-- The history so far.
INSERT INTO trend_deltas (field, vbu_id, month, value, delta)
SELECT field, vbu_id, month, value, sum(delta)::int FROM trend_entry_deltas GROUP BY field, vbu_id, month, value;
