-- Without its triggers the cards would go stale: emptied, and filled again when 0016 is reapplied.
DROP TRIGGER board_cards_thesis_moved ON theses;--> statement-breakpoint
DROP TRIGGER board_cards_theses_deleted ON theses;--> statement-breakpoint
DROP TRIGGER board_cards_point_changed ON proof_points;--> statement-breakpoint
DROP TRIGGER board_cards_points_deleted ON proof_points;--> statement-breakpoint
DROP TRIGGER board_cards_points_added ON proof_points;--> statement-breakpoint
DROP TRIGGER board_cards_vbu_changed ON vbus;--> statement-breakpoint
DROP TRIGGER board_cards_canvas_moved ON canvases;--> statement-breakpoint
DROP TRIGGER board_cards_canvas_added ON canvases;--> statement-breakpoint
DROP FUNCTION board_cards_thesis_moved();--> statement-breakpoint
DROP FUNCTION board_cards_theses_deleted();--> statement-breakpoint
DROP FUNCTION board_cards_point_changed();--> statement-breakpoint
DROP FUNCTION board_cards_points_deleted();--> statement-breakpoint
DROP FUNCTION board_cards_points_added();--> statement-breakpoint
DROP FUNCTION board_cards_vbu_changed();--> statement-breakpoint
DROP FUNCTION board_cards_canvas_moved();--> statement-breakpoint
DROP FUNCTION board_cards_canvas_added();--> statement-breakpoint
DROP FUNCTION board_cards_add(uuid[]);--> statement-breakpoint
DROP FUNCTION board_cards_recount(uuid[]);--> statement-breakpoint
DELETE FROM board_cards;
