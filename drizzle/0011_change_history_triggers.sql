-- Change history, recorded by the database (issue 15): a trigger on each table of a canvas writes
-- what changed, who changed it and when, in the changing transaction. The acting user comes from
-- the transaction-local setting canvas.actor (a user's uuid, or "system:<name>" for a script):
-- lib/history/actor.ts sets it. A write without it is refused (SQLSTATE CV001).

-- Who acts: their id (null for a system actor) and the name the history shows, and when. A system
-- actor replaying history (the demo seed writes a year of it) may set canvas.history_at and
-- canvas.history_by (a user's uuid) to date and credit its changes; the app sets neither.
CREATE FUNCTION history_actor(OUT actor_id uuid, OUT actor_name text, OUT at timestamptz) LANGUAGE plpgsql AS $$
DECLARE
  actor text := nullif(current_setting('canvas.actor', true), '');
BEGIN
  IF actor IS NULL THEN
    RAISE EXCEPTION 'A change to a canvas needs an acting user: set canvas.actor in its transaction'
      USING ERRCODE = 'CV001';
  END IF;
  at := now();
  IF actor LIKE 'system:%' THEN
    at := coalesce(nullif(current_setting('canvas.history_at', true), '')::timestamptz, at);
    actor := coalesce(nullif(current_setting('canvas.history_by', true), ''), actor);
  END IF;
  IF actor LIKE 'system:%' THEN
    actor_id := NULL;
    actor_name := 'System (' || substr(actor, 8) || ')';
  ELSE
    actor_id := actor::uuid;
    SELECT u.name INTO actor_name FROM users u WHERE u.id = actor_id;
    actor_name := coalesce(actor_name, 'A deleted user');
  END IF;
END;
$$;--> statement-breakpoint

-- Rows being deleted (with whatever they cascade to) remember their VBU here, transaction-locally,
-- while they can still be found: a cascaded child's parent is gone by the time the child goes.
CREATE FUNCTION history_remember(row_id uuid, vbu uuid, vbu_name text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('canvas.history_deleting',
    (coalesce(nullif(current_setting('canvas.history_deleting', true), ''), '{}')::jsonb
      || jsonb_build_object(row_id::text, jsonb_build_array(vbu, vbu_name)))::text, true);
END;
$$;--> statement-breakpoint

CREATE FUNCTION history_remembered(row_id uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT (coalesce(nullif(current_setting('canvas.history_deleting', true), ''), '{}')::jsonb) -> row_id::text
$$;--> statement-breakpoint

-- The VBU (id and name) a row of a canvas belongs to, found through its parents while they exist,
-- else through what history_remember kept. Null when neither knows (nothing to record then).
CREATE FUNCTION history_vbu_of(tbl text, r jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  found jsonb;
  parent uuid;
BEGIN
  IF tbl = 'vbus' THEN
    RETURN jsonb_build_array(r->>'id', r->>'name');
  ELSIF tbl = 'canvases' OR tbl = 'monthly_reviews' THEN
    parent := (r->>'vbu_id')::uuid;
    SELECT jsonb_build_array(v.id, v.name) INTO found FROM vbus v WHERE v.id = parent;
  ELSIF tbl = 'theses' THEN
    parent := (r->>'canvas_id')::uuid;
    SELECT jsonb_build_array(v.id, v.name) INTO found
      FROM canvases c JOIN vbus v ON v.id = c.vbu_id WHERE c.id = parent;
  ELSIF tbl = 'proof_points' THEN
    parent := (r->>'thesis_id')::uuid;
    SELECT jsonb_build_array(v.id, v.name) INTO found
      FROM theses t JOIN canvases c ON c.id = t.canvas_id JOIN vbus v ON v.id = c.vbu_id WHERE t.id = parent;
  ELSIF tbl = 'attachments' THEN
    IF r->>'proof_point_id' IS NOT NULL THEN
      parent := (r->>'proof_point_id')::uuid;
      SELECT jsonb_build_array(v.id, v.name) INTO found
        FROM proof_points p JOIN theses t ON t.id = p.thesis_id JOIN canvases c ON c.id = t.canvas_id
        JOIN vbus v ON v.id = c.vbu_id WHERE p.id = parent;
    ELSE
      parent := (r->>'monthly_review_id')::uuid;
      SELECT jsonb_build_array(v.id, v.name) INTO found
        FROM monthly_reviews m JOIN vbus v ON v.id = m.vbu_id WHERE m.id = parent;
    END IF;
  END IF;
  RETURN coalesce(found, history_remembered(parent));
END;
$$;--> statement-breakpoint

-- Only the named columns, and of an update only those that changed: { column: [before, after] }.
CREATE FUNCTION history_changes(old_row jsonb, new_row jsonb, columns text[]) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  changes jsonb := '{}';
  col text;
BEGIN
  FOREACH col IN ARRAY columns LOOP
    IF (old_row -> col) IS DISTINCT FROM (new_row -> col)
       AND coalesce(old_row -> col, 'null') IS DISTINCT FROM coalesce(new_row -> col, 'null') THEN
      changes := changes || jsonb_build_object(col, jsonb_build_array(old_row -> col, new_row -> col));
    END IF;
  END LOOP;
  RETURN changes;
END;
$$;--> statement-breakpoint

-- The one trigger function: TG_ARGV[0] is the subject's name in the history, the rest the columns
-- worth recording. Monthly reviews record only their publishing and acknowledgement (a draft is
-- its GM's until then, and the history is read by everyone who reads the canvas).
CREATE FUNCTION record_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
  new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
  r jsonb := coalesce(new_row, old_row);
  columns text[] := TG_ARGV[1:];
  changes jsonb;
  vbu jsonb;
  who record;
  thesis uuid;
  point uuid;
BEGIN
  -- A review's own evidence belongs to its draft until it is published: not the canvas's history.
  IF TG_TABLE_NAME = 'attachments' AND r->>'monthly_review_id' IS NOT NULL THEN RETURN NULL; END IF;
  IF TG_TABLE_NAME = 'monthly_reviews' THEN
    IF TG_OP <> 'UPDATE' THEN RETURN NULL; END IF;
    IF NOT ((old_row->>'status' = 'draft' AND new_row->>'status' = 'published')
            OR (old_row->>'acknowledged_at' IS NULL AND new_row->>'acknowledged_at' IS NOT NULL)) THEN
      RETURN NULL;
    END IF;
  END IF;
  changes := history_changes(old_row, new_row, columns);
  IF changes = '{}' THEN RETURN NULL; END IF; -- only bookkeeping moved (updated_at, version…)
  IF TG_TABLE_NAME = 'monthly_reviews' THEN
    changes := changes || jsonb_build_object('month', jsonb_build_array(r->'month', r->'month'));
  END IF;
  who := history_actor();
  vbu := history_vbu_of(TG_TABLE_NAME, r);
  IF vbu IS NULL THEN RETURN NULL; END IF;
  IF TG_TABLE_NAME = 'theses' THEN
    thesis := (r->>'id')::uuid;
  ELSIF TG_TABLE_NAME = 'proof_points' THEN
    thesis := (r->>'thesis_id')::uuid;
    point := (r->>'id')::uuid;
  ELSIF TG_TABLE_NAME = 'attachments' THEN
    point := (r->>'proof_point_id')::uuid;
  END IF;
  INSERT INTO change_history (at, actor_id, actor_name, vbu_id, vbu_name, subject, subject_id, action, thesis_id,
                              proof_point_id, changes)
  VALUES (who.at, who.actor_id, who.actor_name, (vbu->>0)::uuid, vbu->>1, TG_ARGV[0], (r->>'id')::uuid,
          CASE TG_OP WHEN 'INSERT' THEN 'added' WHEN 'UPDATE' THEN 'changed' ELSE 'deleted' END,
          thesis, point, changes);
  RETURN NULL;
END;
$$;--> statement-breakpoint

-- Before a row goes, it (and so whatever it cascades to) remembers its VBU.
CREATE FUNCTION remember_deleted_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  vbu jsonb := history_vbu_of(TG_TABLE_NAME, to_jsonb(OLD));
BEGIN
  IF vbu IS NOT NULL THEN PERFORM history_remember(OLD.id, (vbu->>0)::uuid, vbu->>1); END IF;
  RETURN OLD;
END;
$$;--> statement-breakpoint

CREATE FUNCTION refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'The change history cannot be edited or deleted' USING ERRCODE = 'CV002';
END;
$$;--> statement-breakpoint

CREATE TRIGGER change_history_append_only BEFORE UPDATE OR DELETE ON change_history
  FOR EACH ROW EXECUTE FUNCTION refuse_history_change();--> statement-breakpoint
CREATE TRIGGER change_history_no_truncate BEFORE TRUNCATE ON change_history
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();--> statement-breakpoint

CREATE TRIGGER vbus_history AFTER INSERT OR UPDATE OR DELETE ON vbus
  FOR EACH ROW EXECUTE FUNCTION record_change('vbu', 'name', 'gm_id');--> statement-breakpoint
CREATE TRIGGER canvases_history AFTER INSERT OR UPDATE OR DELETE ON canvases
  FOR EACH ROW EXECUTE FUNCTION record_change('canvas', 'product_name', 'lifecycle_lane', 'success_description',
    'future_state_intent', 'primary_focus', 'resist_doing', 'good_discipline', 'primary_constraint',
    'portfolio_notes', 'currently_testing_type', 'currently_testing_id');--> statement-breakpoint
CREATE TRIGGER theses_history AFTER INSERT OR UPDATE OR DELETE ON theses
  FOR EACH ROW EXECUTE FUNCTION record_change('thesis', 'order', 'text');--> statement-breakpoint
CREATE TRIGGER proof_points_history AFTER INSERT OR UPDATE OR DELETE ON proof_points
  FOR EACH ROW EXECUTE FUNCTION record_change('proof_point', 'thesis_id', 'description', 'status', 'evidence_note',
    'target_review_month');--> statement-breakpoint
CREATE TRIGGER attachments_history AFTER INSERT OR UPDATE OR DELETE ON attachments
  FOR EACH ROW EXECUTE FUNCTION record_change('evidence', 'filename', 'label');--> statement-breakpoint
CREATE TRIGGER monthly_reviews_history AFTER UPDATE ON monthly_reviews
  FOR EACH ROW EXECUTE FUNCTION record_change('review', 'status', 'health', 'acknowledged_at',
    'acknowledgement_comment');--> statement-breakpoint

CREATE TRIGGER vbus_history_remember BEFORE DELETE ON vbus
  FOR EACH ROW EXECUTE FUNCTION remember_deleted_row();--> statement-breakpoint
CREATE TRIGGER canvases_history_remember BEFORE DELETE ON canvases
  FOR EACH ROW EXECUTE FUNCTION remember_deleted_row();--> statement-breakpoint
CREATE TRIGGER theses_history_remember BEFORE DELETE ON theses
  FOR EACH ROW EXECUTE FUNCTION remember_deleted_row();--> statement-breakpoint
CREATE TRIGGER proof_points_history_remember BEFORE DELETE ON proof_points
  FOR EACH ROW EXECUTE FUNCTION remember_deleted_row();--> statement-breakpoint
CREATE TRIGGER monthly_reviews_history_remember BEFORE DELETE ON monthly_reviews
  FOR EACH ROW EXECUTE FUNCTION remember_deleted_row();
