ALTER TABLE "attachments" DROP COLUMN "has_thumbnail";
