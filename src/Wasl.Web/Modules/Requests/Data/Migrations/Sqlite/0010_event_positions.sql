-- 0010: every timeline line records the position its actor acted in, and whether by delegation.

ALTER TABLE "RequestEvents" ADD COLUMN "ActorPosition" TEXT NULL;
ALTER TABLE "RequestEvents" ADD COLUMN "ByDelegation" INTEGER NOT NULL DEFAULT 0;
