-- 0023: guest tracking is a Platform capability (Platform/Tracking) for any subject with a number and a secret: the
-- locks after wrong secrets are keyed by subject and number. The requests' rows are kept, as subject "Request".

CREATE TABLE "TrackingLocks" (
    "Subject" TEXT NOT NULL,
    "Number" TEXT NOT NULL,
    "Failures" INTEGER NOT NULL,
    "LockedUntil" INTEGER NULL,
    CONSTRAINT "PK_TrackingLocks" PRIMARY KEY ("Subject", "Number")
);

INSERT INTO "TrackingLocks" ("Subject", "Number", "Failures", "LockedUntil")
SELECT 'Request', "Number", "Failures", "LockedUntil" FROM "RequestTrackingLocks";

DROP TABLE "RequestTrackingLocks";
