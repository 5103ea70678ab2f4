CREATE TYPE "public"."currently_testing_type" AS ENUM('thesis', 'proof_point');--> statement-breakpoint
CREATE TYPE "public"."lifecycle_lane" AS ENUM('build', 'sell', 'milk', 'reframe');--> statement-breakpoint
CREATE TYPE "public"."proof_point_status" AS ENUM('not_started', 'in_progress', 'observed', 'stalled');--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"proof_point_id" uuid,
	"monthly_review_id" uuid,
	"filename" varchar(255) NOT NULL,
	"storage_path" varchar(1024) NOT NULL,
	"content_type" varchar(128) NOT NULL,
	"size_bytes" integer NOT NULL,
	"label" varchar(255),
	"uploaded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ck_attachment_filename_not_empty" CHECK (LENGTH(TRIM(filename)) > 0),
	CONSTRAINT "ck_attachment_storage_path_not_empty" CHECK (LENGTH(TRIM(storage_path)) > 0),
	CONSTRAINT "ck_attachment_size_range" CHECK (size_bytes BETWEEN 1 AND 10485760),
	CONSTRAINT "ck_attachment_label" CHECK (label IS NULL OR LENGTH(TRIM(label)) > 0),
	CONSTRAINT "ck_attachment_content_type" CHECK (content_type IN ('image/png','image/jpeg','image/gif','application/pdf','text/csv','application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')),
	CONSTRAINT "ck_attachment_single_parent" CHECK ((proof_point_id IS NOT NULL AND monthly_review_id IS NULL) OR (proof_point_id IS NULL AND monthly_review_id IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "canvases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vbu_id" uuid NOT NULL,
	"product_name" varchar(255),
	"lifecycle_lane" "lifecycle_lane" NOT NULL,
	"success_description" text,
	"future_state_intent" text,
	"primary_focus" varchar(255),
	"resist_doing" text,
	"good_discipline" text,
	"primary_constraint" text,
	"currently_testing_type" "currently_testing_type",
	"currently_testing_id" uuid,
	"portfolio_notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "ck_canvas_product_name" CHECK (product_name IS NULL OR LENGTH(TRIM(product_name)) > 0),
	CONSTRAINT "ck_currently_testing_consistency" CHECK ((currently_testing_type IS NULL) = (currently_testing_id IS NULL)),
	CONSTRAINT "ck_canvas_version_positive" CHECK (version >= 1)
);
--> statement-breakpoint
CREATE TABLE "proof_points" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"thesis_id" uuid NOT NULL,
	"description" text NOT NULL,
	"status" "proof_point_status" DEFAULT 'not_started' NOT NULL,
	"evidence_note" text,
	"target_review_month" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ck_proof_point_description_not_empty" CHECK (LENGTH(TRIM(description)) > 0)
);
--> statement-breakpoint
CREATE TABLE "theses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"canvas_id" uuid NOT NULL,
	"order" integer NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_theses_canvas_order" UNIQUE("canvas_id","order"),
	CONSTRAINT "ck_thesis_order_range" CHECK ("order" BETWEEN 1 AND 5),
	CONSTRAINT "ck_thesis_text_not_empty" CHECK (LENGTH(TRIM(text)) > 0)
);
--> statement-breakpoint
CREATE TABLE "vbus" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(255) NOT NULL,
	"gm_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "ck_vbus_name_not_empty" CHECK (LENGTH(TRIM(name)) > 0)
);
--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_proof_point_id_fkey" FOREIGN KEY ("proof_point_id") REFERENCES "public"."proof_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_uploaded_by_fkey" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canvases" ADD CONSTRAINT "canvases_vbu_id_fkey" FOREIGN KEY ("vbu_id") REFERENCES "public"."vbus"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canvases" ADD CONSTRAINT "canvases_updated_by_fkey" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proof_points" ADD CONSTRAINT "proof_points_thesis_id_fkey" FOREIGN KEY ("thesis_id") REFERENCES "public"."theses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "theses" ADD CONSTRAINT "theses_canvas_id_fkey" FOREIGN KEY ("canvas_id") REFERENCES "public"."canvases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vbus" ADD CONSTRAINT "vbus_gm_id_fkey" FOREIGN KEY ("gm_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vbus" ADD CONSTRAINT "vbus_updated_by_fkey" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ix_attachments_proof_point_id" ON "attachments" USING btree ("proof_point_id");--> statement-breakpoint
CREATE INDEX "ix_attachments_uploaded_by" ON "attachments" USING btree ("uploaded_by");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_attachments_storage_path" ON "attachments" USING btree ("storage_path");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_canvases_vbu_id" ON "canvases" USING btree ("vbu_id");--> statement-breakpoint
CREATE INDEX "ix_canvases_lifecycle_lane" ON "canvases" USING btree ("lifecycle_lane");--> statement-breakpoint
CREATE INDEX "ix_proof_points_thesis_id" ON "proof_points" USING btree ("thesis_id");--> statement-breakpoint
CREATE INDEX "ix_proof_points_status" ON "proof_points" USING btree ("status");--> statement-breakpoint
CREATE INDEX "ix_theses_canvas_id" ON "theses" USING btree ("canvas_id");--> statement-breakpoint
CREATE INDEX "ix_vbus_gm_id" ON "vbus" USING btree ("gm_id");