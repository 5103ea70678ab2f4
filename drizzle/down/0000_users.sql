DROP TABLE "users";--> statement-breakpoint
DROP TYPE "public"."user_role";
