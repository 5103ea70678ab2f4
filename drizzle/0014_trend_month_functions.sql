-- The trends' closed months (lib/trends/read.ts, drizzle/0013), stored once instead of
-- reconstructed from the whole history on every request, and forgotten when an entry is dated
-- into them.

-- What the history says at `until` (inclusive): each proof point's status (field "status", key
-- its id) and each VBU's lane (field "lifecycle_lane", key the VBU's id), for those with one and
-- whose VBU was not deleted by then. A key's value is its latest entry (time, then id) that set
-- the column: "added" sets it from null, "deleted" back to null (gone).
CREATE FUNCTION trend_keys_at(until timestamptz)
RETURNS TABLE (field text, key_id uuid, vbu_id uuid, value text) LANGUAGE sql STABLE AS $$
  SELECT l.field, l.key_id, l.vbu_id, l.value
  FROM (
    (SELECT DISTINCT ON (h.proof_point_id) 'status'::text AS field, h.proof_point_id AS key_id, h.vbu_id,
       h.changes->'status'->>1 AS value
     FROM change_history h
     WHERE h.subject = 'proof_point' AND h.changes ? 'status' AND h.at <= until
     ORDER BY h.proof_point_id, h.at DESC, h.id DESC)
    UNION ALL
    (SELECT DISTINCT ON (h.vbu_id) 'lifecycle_lane'::text, h.vbu_id, h.vbu_id, h.changes->'lifecycle_lane'->>1
     FROM change_history h
     WHERE h.subject = 'canvas' AND h.changes ? 'lifecycle_lane' AND h.at <= until
     ORDER BY h.vbu_id, h.at DESC, h.id DESC)
  ) AS l
  WHERE l.value IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM change_history d
                    WHERE d.subject = 'vbu' AND d.action = 'deleted' AND d.vbu_id = l.vbu_id AND d.at <= until)
$$;--> statement-breakpoint

-- Stores those of `months` (first days) not stored yet: each key's value at the month's end, and
-- the counts per VBU; says how many months it stored. The check costs one index probe per month,
-- so the trends call it on every request.
-- Race-free against the history: under the exclusive lock 4_207_003 (db/migrate.ts holds
-- 4_207_001, lib/admin/roster.ts 4_207_002), which every history write holds shared until it
-- commits (below), no write is in flight; the INSERT then takes a fresh snapshot (a volatile
-- function's statements each do) that sees every entry written so far, and any later write waits
-- for this fill to commit before it forgets the months it dates into. Two fills at once: the
-- second waits for the lock, then finds the months stored (ON CONFLICT DO NOTHING).
CREATE FUNCTION store_trend_months(months date[]) RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  stored integer;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM unnest(months) AS m(month)
                 WHERE NOT EXISTS (SELECT 1 FROM trend_months t WHERE t.month = m.month)) THEN
    RETURN 0;
  END IF;
  PERFORM pg_advisory_xact_lock(4207003);
  WITH marked AS (
    INSERT INTO trend_months (month) SELECT DISTINCT m FROM unnest(months) AS m ORDER BY m
    ON CONFLICT DO NOTHING RETURNING month
  ), keys AS (
    INSERT INTO trend_month_keys (month, field, key_id, vbu_id, value)
    SELECT k.month, s.field, s.key_id, s.vbu_id, s.value
    FROM marked k, trend_keys_at(((k.month + interval '1 month') AT TIME ZONE 'UTC') - interval '1 microsecond') s
    RETURNING month, field, vbu_id, value
  ), counted AS (
    INSERT INTO trend_month_counts (month, vbu_id, field, value, count)
    SELECT k.month, k.vbu_id, k.field, k.value, count(*)::int FROM keys k GROUP BY 1, 2, 3, 4
    RETURNING 1
  )
  SELECT count(*)::int INTO stored FROM marked;
  RETURN stored;
END;
$$;--> statement-breakpoint

-- An entry forgets the stored months it falls in or precedes: only a system actor replaying
-- history (canvas.history_at) dates one in a closed month, so this deletes nothing on an ordinary
-- write. The shared lock keeps it from interleaving with a fill (store_trend_months).
CREATE FUNCTION forget_trend_months() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(4207003);
  DELETE FROM trend_months WHERE month >= date_trunc('month', NEW.at AT TIME ZONE 'UTC')::date;
  RETURN NULL;
END;
$$;--> statement-breakpoint

CREATE TRIGGER change_history_forget_trend_months AFTER INSERT ON change_history
  FOR EACH ROW EXECUTE FUNCTION forget_trend_months();--> statement-breakpoint

-- A truncated history (only ever in tests, past its refusal) leaves nothing stored either.
CREATE FUNCTION forget_all_trend_months() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM trend_months;
  RETURN NULL;
END;
$$;--> statement-breakpoint

CREATE TRIGGER change_history_forget_all_trend_months AFTER TRUNCATE ON change_history
  FOR EACH STATEMENT EXECUTE FUNCTION forget_all_trend_months();
