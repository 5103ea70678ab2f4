-- Monthly reviews (NOTES.md #6), and the contract's attachments.monthly_review_id becomes a foreign key to
-- them: a review's evidence goes with it, its files through the deletion outbox (0004's trigger).
CREATE TYPE "public"."review_health" AS ENUM('on_track', 'at_risk', 'off_track');--> statement-breakpoint
CREATE TYPE "public"."review_status" AS ENUM('draft', 'published');--> statement-breakpoint
CREATE TABLE "monthly_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vbu_id" uuid NOT NULL,
	"month" date NOT NULL,
	"status" "review_status" DEFAULT 'draft' NOT NULL,
	"learned" text,
	"decisions" text,
	"asks" text,
	"next_focus" text,
	"health" "review_health",
	"snapshot" jsonb,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	"acknowledgement_comment" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "uq_monthly_reviews_vbu_month" UNIQUE("vbu_id","month"),
	CONSTRAINT "ck_monthly_review_month_first_day" CHECK (EXTRACT(DAY FROM month) = 1),
	CONSTRAINT "ck_monthly_review_version_positive" CHECK (version >= 1),
	CONSTRAINT "ck_monthly_review_published" CHECK ((status = 'draft' AND snapshot IS NULL AND published_at IS NULL)
          OR (status = 'published' AND snapshot IS NOT NULL AND published_at IS NOT NULL AND health IS NOT NULL)),
	CONSTRAINT "ck_monthly_review_acknowledged" CHECK (acknowledged_at IS NULL OR status = 'published')
);
--> statement-breakpoint
ALTER TABLE "monthly_reviews" ADD CONSTRAINT "monthly_reviews_vbu_id_fkey" FOREIGN KEY ("vbu_id") REFERENCES "public"."vbus"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monthly_reviews" ADD CONSTRAINT "monthly_reviews_published_by_fkey" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monthly_reviews" ADD CONSTRAINT "monthly_reviews_acknowledged_by_fkey" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monthly_reviews" ADD CONSTRAINT "monthly_reviews_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monthly_reviews" ADD CONSTRAINT "monthly_reviews_updated_by_fkey" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ix_monthly_reviews_month" ON "monthly_reviews" USING btree ("month");--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_monthly_review_id_fkey" FOREIGN KEY ("monthly_review_id") REFERENCES "public"."monthly_reviews"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ix_attachments_monthly_review_id" ON "attachments" USING btree ("monthly_review_id");