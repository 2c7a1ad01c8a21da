-- 0004: the requester's rights: satisfaction, objection.

ALTER TABLE "Requests" ADD COLUMN "SatisfactionScore" INTEGER NULL;

ALTER TABLE "Requests" ADD COLUMN "ObjectedAt" INTEGER NULL;
