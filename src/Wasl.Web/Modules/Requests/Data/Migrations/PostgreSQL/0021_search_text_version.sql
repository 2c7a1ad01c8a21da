-- 0021: the version of the search normalization that computed each row's "SearchText". Existing rows are version 1;
-- the application recomputes them in the background (Requests' SearchTextRebuild) and the generated tsvector follows.

ALTER TABLE "Requests" ADD COLUMN "SearchVersion" integer NOT NULL DEFAULT 1;

CREATE INDEX "IX_Requests_SearchVersion" ON "Requests" ("SearchVersion");
