-- 0010: every timeline line records the position its actor acted in, and whether by delegation.

ALTER TABLE "RequestEvents" ADD COLUMN "ActorPosition" character varying(200);
ALTER TABLE "RequestEvents" ADD COLUMN "ByDelegation" boolean NOT NULL DEFAULT false;
ALTER TABLE "RequestEvents" ALTER COLUMN "ByDelegation" DROP DEFAULT;
