CREATE TABLE "deleted_attachment_files" (
	"storage_path" varchar(1024) PRIMARY KEY NOT NULL,
	"deleted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Every deleted attachment row, whether deleted directly or by a cascade from its proof point,
-- thesis, canvas or VBU, leaves its storage path here for the file to be removed after commit.
CREATE FUNCTION record_deleted_attachment_file() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO deleted_attachment_files (storage_path) VALUES (OLD.storage_path) ON CONFLICT DO NOTHING;
  RETURN OLD;
END;
$$;--> statement-breakpoint
CREATE TRIGGER attachments_record_deleted_file AFTER DELETE ON attachments
  FOR EACH ROW EXECUTE FUNCTION record_deleted_attachment_file();
