-- wasl:no-transaction
-- 0011: a partial index of the requests whose clock runs (overdue queue, deadline poller): as small as the open work.
-- Built CONCURRENTLY (outside a transaction, see SchemaMigrator): on a large table writes go on while it builds.

CREATE INDEX CONCURRENTLY IF NOT EXISTS "IX_Requests_Running" ON "Requests" ("UnitId", "Id") WHERE "Status" <> 'Resolved' AND "Status" <> 'Closed' AND "Status" <> 'AwaitingRequester';
