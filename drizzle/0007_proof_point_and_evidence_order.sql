ALTER TABLE "proof_points" ADD COLUMN "added_seq" bigint;--> statement-breakpoint
-- Rows already there keep the order they were listed in (created_at, then id).
UPDATE "proof_points" SET "added_seq" = o.n
  FROM (SELECT "id", row_number() OVER (ORDER BY "created_at", "id") AS n FROM "proof_points") o
  WHERE o."id" = "proof_points"."id";--> statement-breakpoint
ALTER TABLE "proof_points" ALTER COLUMN "added_seq" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "proof_points" ALTER COLUMN "added_seq" ADD GENERATED ALWAYS AS IDENTITY (sequence name "proof_points_added_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
SELECT setval('"proof_points_added_seq_seq"', COALESCE(MAX("added_seq"), 0) + 1, false) FROM "proof_points";--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "added_seq" bigint;--> statement-breakpoint
-- Rows already there keep the order they were listed in (created_at, then id).
UPDATE "attachments" SET "added_seq" = o.n
  FROM (SELECT "id", row_number() OVER (ORDER BY "created_at", "id") AS n FROM "attachments") o
  WHERE o."id" = "attachments"."id";--> statement-breakpoint
ALTER TABLE "attachments" ALTER COLUMN "added_seq" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "attachments" ALTER COLUMN "added_seq" ADD GENERATED ALWAYS AS IDENTITY (sequence name "attachments_added_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
SELECT setval('"attachments_added_seq_seq"', COALESCE(MAX("added_seq"), 0) + 1, false) FROM "attachments";
