-- The board's overdue counts from the card itself (issue 17): the target review months of its proof
-- points not observed, one per proof point, in order. A card's count of overdue proof points at a
-- month is how many of these are before it, where the board used to read the canvas's theses and
-- proof points for each card it showed. The recount (drizzle/0016) keeps it with the rest.
ALTER TABLE "board_cards" ADD COLUMN "open_months" date[] DEFAULT '{}'::date[] NOT NULL;--> statement-breakpoint

CREATE OR REPLACE FUNCTION board_cards_recount(canvas_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(canvas_ids) = 0 THEN
    RETURN;
  END IF;
  PERFORM 1 FROM board_cards WHERE canvas_id = ANY (canvas_ids) ORDER BY canvas_id FOR UPDATE;
  UPDATE board_cards b
  SET not_started = c.not_started, in_progress = c.in_progress, observed = c.observed, stalled = c.stalled,
      open_from = c.open_from, open_months = c.open_months
  FROM (
    -- A canvas whose last proof point went counts nothing: its row, with no proof points joined.
    SELECT ids.id AS canvas_id,
           count(*) FILTER (WHERE p.status = 'not_started')::int AS not_started,
           count(*) FILTER (WHERE p.status = 'in_progress')::int AS in_progress,
           count(*) FILTER (WHERE p.status = 'observed')::int AS observed,
           count(*) FILTER (WHERE p.status = 'stalled')::int AS stalled,
           min(p.target_review_month) FILTER (WHERE p.status <> 'observed') AS open_from,
           coalesce(array_agg(p.target_review_month ORDER BY p.target_review_month)
                      FILTER (WHERE p.status <> 'observed' AND p.target_review_month IS NOT NULL), '{}') AS open_months
    FROM (SELECT DISTINCT unnest(canvas_ids)) AS ids(id)
    LEFT JOIN theses t ON t.canvas_id = ids.id
    LEFT JOIN proof_points p ON p.thesis_id = t.id
    GROUP BY ids.id
  ) AS c
  WHERE b.canvas_id = c.canvas_id;
END;
$$;--> statement-breakpoint

SELECT board_cards_recount(ARRAY(SELECT canvas_id FROM board_cards));
