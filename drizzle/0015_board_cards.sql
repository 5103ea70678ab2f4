CREATE TABLE "board_cards" (
	"canvas_id" uuid PRIMARY KEY NOT NULL,
	"vbu_id" uuid NOT NULL,
	"lane" "lifecycle_lane" NOT NULL,
	"name" varchar(255) NOT NULL,
	"gm_id" uuid NOT NULL,
	"not_started" integer DEFAULT 0 NOT NULL,
	"in_progress" integer DEFAULT 0 NOT NULL,
	"observed" integer DEFAULT 0 NOT NULL,
	"stalled" integer DEFAULT 0 NOT NULL,
	"open_from" date
);
--> statement-breakpoint
ALTER TABLE "board_cards" ADD CONSTRAINT "board_cards_canvas_id_fkey" FOREIGN KEY ("canvas_id") REFERENCES "public"."canvases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "uq_board_cards_vbu_id" ON "board_cards" USING btree ("vbu_id");--> statement-breakpoint
CREATE INDEX "ix_board_cards_lane_name" ON "board_cards" USING btree ("lane",lower("name"),"name","vbu_id");--> statement-breakpoint
CREATE INDEX "ix_board_cards_gm_id" ON "board_cards" USING btree ("gm_id");