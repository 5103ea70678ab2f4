-- Files uploaded before thumbnails existed have none (has_thumbnail false): the page shows their type.
ALTER TABLE "attachments" ADD COLUMN "has_thumbnail" boolean DEFAULT false NOT NULL;