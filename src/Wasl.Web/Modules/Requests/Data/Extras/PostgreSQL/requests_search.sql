-- Word search over requests: a stored tsvector of the normalized "SearchText" (see SearchText.IndexForm) with a GIN index.
-- The 'simple' configuration only lower-cases: Arabic and Persian normalization and light stemming happen in the application.
ALTER TABLE "Requests" ADD COLUMN "SearchVector" tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, "SearchText")) STORED;

CREATE INDEX "IX_Requests_SearchVector" ON "Requests" USING gin ("SearchVector");
