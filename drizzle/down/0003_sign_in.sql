DROP TABLE "sessions";--> statement-breakpoint
DROP TABLE "accounts";--> statement-breakpoint
DROP TABLE "verifications";--> statement-breakpoint
DROP TABLE "sign_in_failures";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "disabled_at";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "image";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "email_verified";
