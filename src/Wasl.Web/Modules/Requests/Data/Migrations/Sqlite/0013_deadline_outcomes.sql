-- 0013: what the deadline clock concludes, kept ready for indicators: working minutes to the first answer and to the
-- resolution, and whether a target was missed before it.

ALTER TABLE "Requests" ADD COLUMN "FirstResponseMinutes" INTEGER NULL;
ALTER TABLE "Requests" ADD COLUMN "ResolutionMinutes" INTEGER NULL;
ALTER TABLE "Requests" ADD COLUMN "ResolvedLate" INTEGER NULL;
