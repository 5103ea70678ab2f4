CREATE TABLE "change_history" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "change_history_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"vbu_id" uuid NOT NULL,
	"vbu_name" text NOT NULL,
	"subject" varchar(16) NOT NULL,
	"subject_id" uuid NOT NULL,
	"action" varchar(8) NOT NULL,
	"thesis_id" uuid,
	"proof_point_id" uuid,
	"changes" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "ix_change_history_vbu" ON "change_history" USING btree ("vbu_id","id");--> statement-breakpoint
CREATE INDEX "ix_change_history_proof_point" ON "change_history" USING btree ("proof_point_id","id");--> statement-breakpoint
CREATE INDEX "ix_change_history_at" ON "change_history" USING btree ("at");