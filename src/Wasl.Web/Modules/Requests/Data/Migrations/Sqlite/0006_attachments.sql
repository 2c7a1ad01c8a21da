-- 0006: files attached to requests and to their timeline events.

CREATE TABLE "RequestAttachments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RequestAttachments" PRIMARY KEY AUTOINCREMENT,
    "PublicId" TEXT NOT NULL,
    "RequestId" INTEGER NOT NULL,
    "EventId" INTEGER NULL,
    "FileName" TEXT NOT NULL,
    "StorageKey" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "Sha256" BLOB NOT NULL,
    "IsPublic" INTEGER NOT NULL,
    "UploaderId" TEXT NULL,
    "UploadedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_RequestAttachments_RequestEvents_EventId" FOREIGN KEY ("EventId") REFERENCES "RequestEvents" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RequestAttachments_Requests_RequestId" FOREIGN KEY ("RequestId") REFERENCES "Requests" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_RequestAttachments_EventId" ON "RequestAttachments" ("EventId");

CREATE UNIQUE INDEX "IX_RequestAttachments_PublicId" ON "RequestAttachments" ("PublicId");

CREATE INDEX "IX_RequestAttachments_RequestId_Id" ON "RequestAttachments" ("RequestId", "Id");

CREATE UNIQUE INDEX "IX_RequestAttachments_StorageKey" ON "RequestAttachments" ("StorageKey");
