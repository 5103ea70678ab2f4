-- PostgreSQL checks a non-deferrable unique constraint row by row, and "order" must stay
-- within 1..5, so with five theses no reorder or swap could ever pass (NOTES.md #3).
-- Only foreign keys can be altered in place: drop and re-add it deferrable, same name.
ALTER TABLE "theses" DROP CONSTRAINT "uq_theses_canvas_order";--> statement-breakpoint
ALTER TABLE "theses" ADD CONSTRAINT "uq_theses_canvas_order" UNIQUE ("canvas_id", "order") DEFERRABLE INITIALLY IMMEDIATE;
