ALTER TABLE "canvases" DROP CONSTRAINT "canvases_version_saved_by_fkey";--> statement-breakpoint
ALTER TABLE "canvases" DROP COLUMN "version_saved_by";--> statement-breakpoint
ALTER TABLE "canvases" DROP COLUMN "version_saved_at";
