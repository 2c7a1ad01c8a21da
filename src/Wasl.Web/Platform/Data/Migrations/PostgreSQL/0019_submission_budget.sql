-- Anonymous submissions per address and per mobile per UTC day (issue 11): keyed hashes only, swept after a day.
CREATE TABLE "SubmissionCounts" (
    "Key" character varying(64) NOT NULL,
    "Day" integer NOT NULL,
    "Count" integer NOT NULL,
    CONSTRAINT "PK_SubmissionCounts" PRIMARY KEY ("Key", "Day")
);
