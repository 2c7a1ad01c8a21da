-- 0008: word search through a full-text index instead of substring scans.
-- The search form now also holds light-stemmed variants (the article stripped), so it may be twice as long.

ALTER TABLE "Requests" ALTER COLUMN "SearchText" TYPE character varying(16400);

ALTER TABLE "Requests" ADD COLUMN "SearchVector" tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, "SearchText")) STORED;

CREATE INDEX "IX_Requests_SearchVector" ON "Requests" USING gin ("SearchVector");
