DROP TRIGGER attachments_record_deleted_file ON attachments;--> statement-breakpoint
DROP FUNCTION record_deleted_attachment_file();--> statement-breakpoint
DROP TABLE "deleted_attachment_files";
