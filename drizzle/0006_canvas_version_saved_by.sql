ALTER TABLE "canvases" ADD COLUMN "version_saved_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "canvases" ADD COLUMN "version_saved_by" uuid;--> statement-breakpoint
ALTER TABLE "canvases" ADD CONSTRAINT "canvases_version_saved_by_fkey" FOREIGN KEY ("version_saved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Existing canvases: the last change is the best record there is of who saved their version.
UPDATE "canvases" SET "version_saved_at" = "updated_at", "version_saved_by" = "updated_by";
