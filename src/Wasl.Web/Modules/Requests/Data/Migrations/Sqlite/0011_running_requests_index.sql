-- 0011: a partial index of the requests whose clock runs (overdue queue, deadline poller): as small as the open work.

CREATE INDEX "IX_Requests_Running" ON "Requests" ("UnitId", "Id") WHERE "Status" <> 'Resolved' AND "Status" <> 'Closed' AND "Status" <> 'AwaitingRequester';
