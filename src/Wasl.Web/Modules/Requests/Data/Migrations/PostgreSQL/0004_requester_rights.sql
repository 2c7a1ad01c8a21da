-- 0004: the requester's rights: satisfaction, objection.

ALTER TABLE "Requests" ADD COLUMN "SatisfactionScore" integer;

ALTER TABLE "Requests" ADD COLUMN "ObjectedAt" timestamp with time zone;
