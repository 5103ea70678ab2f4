-- The board's cards (issue 17; the table is drizzle/0015_board_cards.sql), kept current by the
-- database in the writing transaction, whatever writes: the app, a script, a cascade. The board
-- then reads the first cards of each lane from ix_board_cards_lane_name, and its status filters
-- from a card's own columns, instead of ranking every VBU and counting every proof point.
--
-- The lane, the name and the GM are copied as they change. The counts are recounted, for the
-- canvases a statement touched, from their proof points: a canvas has a few dozen, and a count
-- from scratch stays right however the statement changed them (a moved, a deleted, a cascaded
-- proof point). Safe under concurrency without the app's canvas lock (lib/canvas/lock.ts): the
-- recount first locks the cards, then counts in a statement of its own, which under READ
-- COMMITTED takes a new snapshot and so sees what the writer it waited for committed. (Under
-- REPEATABLE READ the second writer's update of the card fails to serialize instead.)

-- Recount these canvases' cards, locked in canvas order so that two recounts never deadlock.
CREATE FUNCTION board_cards_recount(canvas_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
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

-- Cards for these canvases, in their lanes, under their VBUs' names and GMs, counted: for new
-- canvases (nothing to count yet), and for the canvases so far (the fill below).
CREATE FUNCTION board_cards_add(canvas_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO board_cards (canvas_id, vbu_id, lane, name, gm_id)
  SELECT c.id, c.vbu_id, c.lifecycle_lane, v.name, v.gm_id FROM canvases c JOIN vbus v ON v.id = c.vbu_id
  WHERE c.id = ANY (canvas_ids);
  PERFORM board_cards_recount(canvas_ids);
END;
$$;--> statement-breakpoint

CREATE FUNCTION board_cards_canvas_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM board_cards_add(ARRAY(SELECT id FROM board_cards_added_canvases));
  RETURN NULL;
END;
$$;--> statement-breakpoint

CREATE TRIGGER board_cards_canvas_added AFTER INSERT ON canvases
  REFERENCING NEW TABLE AS board_cards_added_canvases
  FOR EACH STATEMENT EXECUTE FUNCTION board_cards_canvas_added();--> statement-breakpoint

-- A lane move. Only a move fires it: a canvas save that keeps the lane costs nothing more.
CREATE FUNCTION board_cards_canvas_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE board_cards b SET lane = NEW.lifecycle_lane, vbu_id = NEW.vbu_id, name = v.name, gm_id = v.gm_id
  FROM vbus v WHERE b.canvas_id = NEW.id AND v.id = NEW.vbu_id;
  RETURN NULL;
END;
$$;--> statement-breakpoint

CREATE TRIGGER board_cards_canvas_moved AFTER UPDATE ON canvases FOR EACH ROW
  WHEN (OLD.lifecycle_lane IS DISTINCT FROM NEW.lifecycle_lane OR OLD.vbu_id IS DISTINCT FROM NEW.vbu_id)
  EXECUTE FUNCTION board_cards_canvas_moved();--> statement-breakpoint

-- A VBU renamed or given another GM.
CREATE FUNCTION board_cards_vbu_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE board_cards SET name = NEW.name, gm_id = NEW.gm_id WHERE vbu_id = NEW.id;
  RETURN NULL;
END;
$$;--> statement-breakpoint

CREATE TRIGGER board_cards_vbu_changed AFTER UPDATE ON vbus FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.gm_id IS DISTINCT FROM NEW.gm_id)
  EXECUTE FUNCTION board_cards_vbu_changed();--> statement-breakpoint

-- Proof points added or deleted: one recount per statement, of the canvases whose theses still
-- exist (a thesis deleted with its proof points is recounted by the theses' trigger below).
CREATE FUNCTION board_cards_points_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM board_cards_recount(ARRAY(
    SELECT DISTINCT t.canvas_id FROM board_cards_added_points p JOIN theses t ON t.id = p.thesis_id));
  RETURN NULL;
END;
$$;--> statement-breakpoint

CREATE TRIGGER board_cards_points_added AFTER INSERT ON proof_points
  REFERENCING NEW TABLE AS board_cards_added_points
  FOR EACH STATEMENT EXECUTE FUNCTION board_cards_points_added();--> statement-breakpoint

CREATE FUNCTION board_cards_points_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM board_cards_recount(ARRAY(
    SELECT DISTINCT t.canvas_id FROM board_cards_deleted_points p JOIN theses t ON t.id = p.thesis_id));
  RETURN NULL;
END;
$$;--> statement-breakpoint

CREATE TRIGGER board_cards_points_deleted AFTER DELETE ON proof_points
  REFERENCING OLD TABLE AS board_cards_deleted_points
  FOR EACH STATEMENT EXECUTE FUNCTION board_cards_points_deleted();--> statement-breakpoint

-- A proof point's status, target month or thesis changed: its canvas (both, if it moved) recounted.
-- Only those changes fire it: an edited description or evidence note costs nothing more.
CREATE FUNCTION board_cards_point_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM board_cards_recount(ARRAY(
    SELECT DISTINCT t.canvas_id FROM theses t WHERE t.id IN (OLD.thesis_id, NEW.thesis_id)));
  RETURN NULL;
END;
$$;--> statement-breakpoint

CREATE TRIGGER board_cards_point_changed AFTER UPDATE ON proof_points FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.target_review_month IS DISTINCT FROM NEW.target_review_month
        OR OLD.thesis_id IS DISTINCT FROM NEW.thesis_id)
  EXECUTE FUNCTION board_cards_point_changed();--> statement-breakpoint

-- Theses deleted (their proof points go with them, by cascade) or moved to another canvas.
CREATE FUNCTION board_cards_theses_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM board_cards_recount(ARRAY(SELECT DISTINCT canvas_id FROM board_cards_deleted_theses));
  RETURN NULL;
END;
$$;--> statement-breakpoint

CREATE TRIGGER board_cards_theses_deleted AFTER DELETE ON theses
  REFERENCING OLD TABLE AS board_cards_deleted_theses
  FOR EACH STATEMENT EXECUTE FUNCTION board_cards_theses_deleted();--> statement-breakpoint

CREATE FUNCTION board_cards_thesis_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM board_cards_recount(ARRAY[OLD.canvas_id, NEW.canvas_id]);
  RETURN NULL;
END;
$$;--> statement-breakpoint

CREATE TRIGGER board_cards_thesis_moved AFTER UPDATE ON theses FOR EACH ROW
  WHEN (OLD.canvas_id IS DISTINCT FROM NEW.canvas_id)
  EXECUTE FUNCTION board_cards_thesis_moved();--> statement-breakpoint

-- The canvases so far.
SELECT board_cards_add(ARRAY(SELECT id FROM canvases));
