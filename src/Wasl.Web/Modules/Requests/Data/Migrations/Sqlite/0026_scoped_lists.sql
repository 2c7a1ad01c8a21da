-- 0026: scoped lists that stay fast as the archive grows (issue 12, docs/PERFORMANCE.md).
-- The "mine" tab counts a person's open requests among the units they see. On (assignee, status) the units were a
-- filter, so the planner ANDed each unit's whole index with the assignee's; on (assignee, unit), kept only for open
-- assigned requests, it is one short probe per unit, however large the archive and however little the person holds.
-- The predicate matches the SQL EF sends ("Status" NOT IN ('Resolved', 'Closed')); the old index served nothing else.
-- IF (NOT) EXISTS: on a large archive an operator may build both CONCURRENTLY by hand first (this script runs in a
-- transaction, so a plain CREATE INDEX here blocks writes to "Requests" while it builds).

DROP INDEX IF EXISTS "IX_Requests_AssigneeId_Status";

CREATE INDEX IF NOT EXISTS "IX_Requests_Assigned" ON "Requests" ("AssigneeId", "UnitId") WHERE "AssigneeId" IS NOT NULL AND "Status" <> 'Resolved' AND "Status" <> 'Closed';

-- A unit's requests in id order: a list of one unit (a school's queue or its search for a frequent word) walks its
-- own entries newest first instead of reading a national index whose size follows the archive.
CREATE INDEX IF NOT EXISTS "IX_Requests_UnitId_Id" ON "Requests" ("UnitId", "Id");
