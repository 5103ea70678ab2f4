-- Back to 0016's recount, without the months.
CREATE OR REPLACE FUNCTION board_cards_recount(canvas_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(canvas_ids) = 0 THEN
    RETURN;
  END IF;
  PERFORM 1 FROM board_cards WHERE canvas_id = ANY (canvas_ids) ORDER BY canvas_id FOR UPDATE;
  UPDATE board_cards b
  SET not_started = c.not_started, in_progress = c.in_progress, observed = c.observed, stalled = c.stalled,
      open_from = c.open_from
  FROM (
    -- A canvas whose last proof point went counts nothing: its row, with no proof points joined.
    SELECT ids.id AS canvas_id,
           count(*) FILTER (WHERE p.status = 'not_started')::int AS not_started,
           count(*) FILTER (WHERE p.status = 'in_progress')::int AS in_progress,
           count(*) FILTER (WHERE p.status = 'observed')::int AS observed,
           count(*) FILTER (WHERE p.status = 'stalled')::int AS stalled,
           min(p.target_review_month) FILTER (WHERE p.status <> 'observed') AS open_from
    FROM (SELECT DISTINCT unnest(canvas_ids)) AS ids(id)
    LEFT JOIN theses t ON t.canvas_id = ids.id
    LEFT JOIN proof_points p ON p.thesis_id = t.id
    GROUP BY ids.id
  ) AS c
  WHERE b.canvas_id = c.canvas_id;
END;
$$;--> statement-breakpoint

ALTER TABLE "board_cards" DROP COLUMN "open_months";
