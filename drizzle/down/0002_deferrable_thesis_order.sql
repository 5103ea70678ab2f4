ALTER TABLE "theses" DROP CONSTRAINT "uq_theses_canvas_order";--> statement-breakpoint
ALTER TABLE "theses" ADD CONSTRAINT "uq_theses_canvas_order" UNIQUE ("canvas_id", "order");
