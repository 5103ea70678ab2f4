-- The conversation goes with them (issue 18).
DROP TABLE "comment_mentions";--> statement-breakpoint
DROP TABLE "comments";
