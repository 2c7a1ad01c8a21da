-- 0005: per-number lock after repeated wrong tracking secrets.

CREATE TABLE "RequestTrackingLocks" (
    "Number" character varying(32) NOT NULL,
    "Failures" integer NOT NULL,
    "LockedUntil" timestamp with time zone,
    CONSTRAINT "PK_RequestTrackingLocks" PRIMARY KEY ("Number")
);
