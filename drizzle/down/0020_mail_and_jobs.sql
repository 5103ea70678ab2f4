-- Email, preferences and reminder keys go with it (issue 18). The job queue's own schema
-- (pgboss) is pg-boss's: `npm run db:rollback` leaves it, and it holds no app data.
DROP TABLE "emails";--> statement-breakpoint
DROP TABLE "notification_preferences";--> statement-breakpoint
DROP INDEX "uq_notifications_dedupe_key";--> statement-breakpoint
ALTER TABLE "notifications" DROP COLUMN "mailed_at";--> statement-breakpoint
ALTER TABLE "notifications" DROP COLUMN "month";--> statement-breakpoint
ALTER TABLE "notifications" DROP COLUMN "dedupe_key";--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "time_zone";
