ALTER TABLE "attachments" DROP COLUMN "added_seq";--> statement-breakpoint
ALTER TABLE "proof_points" DROP COLUMN "added_seq";
