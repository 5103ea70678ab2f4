DROP INDEX "ix_attachments_monthly_review_id";--> statement-breakpoint
ALTER TABLE "attachments" DROP CONSTRAINT "attachments_monthly_review_id_fkey";--> statement-breakpoint
-- A review's evidence cannot outlive the table its parent lived in (the single-parent CHECK).
DELETE FROM "attachments" WHERE "monthly_review_id" IS NOT NULL;--> statement-breakpoint
DROP TABLE "monthly_reviews";--> statement-breakpoint
DROP TYPE "public"."review_status";--> statement-breakpoint
DROP TYPE "public"."review_health";
