-- 0023: guest tracking is a Platform capability (Platform/Tracking) for any subject with a number and a secret: the
-- locks after wrong secrets are keyed by subject and number. The requests' rows are kept, as subject "Request".

CREATE TABLE "TrackingLocks" (
    "Subject" character varying(32) NOT NULL,
    "Number" character varying(32) NOT NULL,
    "Failures" integer NOT NULL,
    "LockedUntil" timestamp with time zone,
    CONSTRAINT "PK_TrackingLocks" PRIMARY KEY ("Subject", "Number")
);

INSERT INTO "TrackingLocks" ("Subject", "Number", "Failures", "LockedUntil")
SELECT 'Request', "Number", "Failures", "LockedUntil" FROM "RequestTrackingLocks";

DROP TABLE "RequestTrackingLocks";
