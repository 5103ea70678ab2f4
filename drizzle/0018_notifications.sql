CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" varchar(32) NOT NULL,
	"vbu_id" uuid NOT NULL,
	"comment_id" uuid,
	"monthly_review_id" uuid,
	"actor_id" uuid,
	"added_seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "notifications_added_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_vbu_id_fkey" FOREIGN KEY ("vbu_id") REFERENCES "public"."vbus"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "public"."comments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_monthly_review_id_fkey" FOREIGN KEY ("monthly_review_id") REFERENCES "public"."monthly_reviews"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ix_notifications_user" ON "notifications" USING btree ("user_id","added_seq");--> statement-breakpoint
CREATE INDEX "ix_notifications_unread" ON "notifications" USING btree ("user_id") WHERE "notifications"."read_at" IS NULL;--> statement-breakpoint
CREATE INDEX "ix_notifications_comment_id" ON "notifications" USING btree ("comment_id");--> statement-breakpoint
CREATE INDEX "ix_notifications_monthly_review_id" ON "notifications" USING btree ("monthly_review_id");