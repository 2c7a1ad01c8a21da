-- 0022: the audit trail (docs/adr/0010-audit-trail.md). Writers insert an entry and its pending row in the same
-- transaction as the change; one sealer chains the pending entries into AuditSeals; AuditAnchors keeps the head now and then.

CREATE TABLE "AuditEntries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditEntries" PRIMARY KEY AUTOINCREMENT,
    "At" INTEGER NOT NULL,
    "Action" TEXT NOT NULL,
    "ActorId" TEXT NULL,
    "ActorName" TEXT NULL,
    "ActorPosition" TEXT NULL,
    "OnBehalfOf" TEXT NULL,
    "Subject" TEXT NULL,
    "SubjectId" TEXT NULL,
    "UnitId" INTEGER NULL,
    "RemoteAddress" TEXT NULL,
    "Details" TEXT NULL
);

CREATE TABLE "AuditPending" (
    "EntryId" INTEGER NOT NULL CONSTRAINT "PK_AuditPending" PRIMARY KEY,
    CONSTRAINT "FK_AuditPending_AuditEntries_EntryId" FOREIGN KEY ("EntryId") REFERENCES "AuditEntries" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "AuditSeals" (
    "Seq" INTEGER NOT NULL CONSTRAINT "PK_AuditSeals" PRIMARY KEY,
    "EntryId" INTEGER NOT NULL,
    "PreviousHash" TEXT NOT NULL,
    "Hash" TEXT NOT NULL,
    "SealedAt" INTEGER NOT NULL
);

CREATE TABLE "AuditAnchors" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditAnchors" PRIMARY KEY AUTOINCREMENT,
    "Seq" INTEGER NOT NULL,
    "Hash" TEXT NOT NULL,
    "At" INTEGER NOT NULL
);

CREATE INDEX "IX_AuditEntries_Action_Id" ON "AuditEntries" ("Action", "Id");
CREATE INDEX "IX_AuditEntries_ActorId_Id" ON "AuditEntries" ("ActorId", "Id");
CREATE INDEX "IX_AuditEntries_At" ON "AuditEntries" ("At");
CREATE INDEX "IX_AuditEntries_RemoteAddress_Id" ON "AuditEntries" ("RemoteAddress", "Id");
CREATE INDEX "IX_AuditEntries_Subject_SubjectId_Id" ON "AuditEntries" ("Subject", "SubjectId", "Id");
CREATE UNIQUE INDEX "IX_AuditSeals_EntryId" ON "AuditSeals" ("EntryId");
CREATE UNIQUE INDEX "IX_AuditAnchors_Seq" ON "AuditAnchors" ("Seq");

CREATE TRIGGER "AuditEntries_append_only_update" BEFORE UPDATE ON "AuditEntries" BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER "AuditEntries_append_only_delete" BEFORE DELETE ON "AuditEntries" BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER "AuditSeals_append_only_update" BEFORE UPDATE ON "AuditSeals" BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER "AuditSeals_append_only_delete" BEFORE DELETE ON "AuditSeals" BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER "AuditAnchors_append_only_update" BEFORE UPDATE ON "AuditAnchors" BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER "AuditAnchors_append_only_delete" BEFORE DELETE ON "AuditAnchors" BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
