-- Tables go in the reverse order of their foreign keys; their indexes and constraints go with them.
DROP TABLE "attachments";--> statement-breakpoint
DROP TABLE "proof_points";--> statement-breakpoint
DROP TABLE "theses";--> statement-breakpoint
DROP TABLE "canvases";--> statement-breakpoint
DROP TABLE "vbus";--> statement-breakpoint
DROP TYPE "public"."proof_point_status";--> statement-breakpoint
DROP TYPE "public"."lifecycle_lane";--> statement-breakpoint
DROP TYPE "public"."currently_testing_type";
