-- 0005: per-number lock after repeated wrong tracking secrets.

CREATE TABLE "RequestTrackingLocks" (
    "Number" TEXT NOT NULL CONSTRAINT "PK_RequestTrackingLocks" PRIMARY KEY,
    "Failures" INTEGER NOT NULL,
    "LockedUntil" INTEGER NULL
);
