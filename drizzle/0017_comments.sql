CREATE TABLE "comment_mentions" (
	"comment_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "comment_mentions_comment_id_user_id_pk" PRIMARY KEY("comment_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vbu_id" uuid NOT NULL,
	"subject" varchar(16) NOT NULL,
	"proof_point_id" uuid,
	"monthly_review_id" uuid,
	"author_id" uuid,
	"body" text NOT NULL,
	"added_seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "comments_added_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"edited_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid,
	CONSTRAINT "ck_comment_subject" CHECK ((subject = 'canvas' AND proof_point_id IS NULL AND monthly_review_id IS NULL)
          OR (subject = 'proof_point' AND proof_point_id IS NOT NULL AND monthly_review_id IS NULL)
          OR (subject = 'review' AND proof_point_id IS NULL AND monthly_review_id IS NOT NULL)),
	CONSTRAINT "ck_comment_body" CHECK ((deleted_at IS NULL) = (LENGTH(TRIM(body)) > 0))
);
--> statement-breakpoint
ALTER TABLE "comment_mentions" ADD CONSTRAINT "comment_mentions_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "public"."comments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_mentions" ADD CONSTRAINT "comment_mentions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_vbu_id_fkey" FOREIGN KEY ("vbu_id") REFERENCES "public"."vbus"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_proof_point_id_fkey" FOREIGN KEY ("proof_point_id") REFERENCES "public"."proof_points"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_monthly_review_id_fkey" FOREIGN KEY ("monthly_review_id") REFERENCES "public"."monthly_reviews"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_deleted_by_fkey" FOREIGN KEY ("deleted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ix_comment_mentions_user_id" ON "comment_mentions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "ix_comments_vbu_subject" ON "comments" USING btree ("vbu_id","subject","added_seq");--> statement-breakpoint
CREATE INDEX "ix_comments_proof_point_id" ON "comments" USING btree ("proof_point_id");--> statement-breakpoint
CREATE INDEX "ix_comments_monthly_review_id" ON "comments" USING btree ("monthly_review_id");