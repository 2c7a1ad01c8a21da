-- Word search over requests: an FTS5 index on the normalized "SearchText" (see SearchText.IndexForm), kept in step by triggers.
CREATE VIRTUAL TABLE "RequestsSearch" USING fts5("SearchText", content='Requests', content_rowid='Id', tokenize='unicode61 remove_diacritics 0');

CREATE TRIGGER "Requests_search_insert" AFTER INSERT ON "Requests" BEGIN
    INSERT INTO "RequestsSearch"(rowid, "SearchText") VALUES (new."Id", new."SearchText");
END;

CREATE TRIGGER "Requests_search_delete" AFTER DELETE ON "Requests" BEGIN
    INSERT INTO "RequestsSearch"("RequestsSearch", rowid, "SearchText") VALUES ('delete', old."Id", old."SearchText");
END;

CREATE TRIGGER "Requests_search_update" AFTER UPDATE OF "SearchText" ON "Requests" BEGIN
    INSERT INTO "RequestsSearch"("RequestsSearch", rowid, "SearchText") VALUES ('delete', old."Id", old."SearchText");
    INSERT INTO "RequestsSearch"(rowid, "SearchText") VALUES (new."Id", new."SearchText");
END;
