-- 0003: request workflow: assignee, resolution.

ALTER TABLE "Requests" ADD COLUMN "AssigneeId" uuid;

ALTER TABLE "Requests" ADD COLUMN "Resolution" character varying(8000);

ALTER TABLE "Requests" ADD COLUMN "ResolvedAt" timestamp with time zone;

CREATE INDEX "IX_Requests_AssigneeId_Status" ON "Requests" ("AssigneeId", "Status");
