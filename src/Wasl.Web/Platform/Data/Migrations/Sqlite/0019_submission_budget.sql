-- Anonymous submissions per address and per mobile per UTC day (issue 11): keyed hashes only, swept after a day.
CREATE TABLE "SubmissionCounts" (
    "Key" TEXT NOT NULL,
    "Day" INTEGER NOT NULL,
    "Count" INTEGER NOT NULL,
    CONSTRAINT "PK_SubmissionCounts" PRIMARY KEY ("Key", "Day")
);
