-- 0003: request workflow: assignee, resolution.

ALTER TABLE "Requests" ADD COLUMN "AssigneeId" TEXT NULL;

ALTER TABLE "Requests" ADD COLUMN "Resolution" TEXT NULL;

ALTER TABLE "Requests" ADD COLUMN "ResolvedAt" INTEGER NULL;

CREATE INDEX "IX_Requests_AssigneeId_Status" ON "Requests" ("AssigneeId", "Status");
