-- 0002: requests and reports (module Requests): categories, requests, timeline.
-- Written from 'dotnet run --project src/Wasl.Web -- schema-script sqlite'; MigrationSchemaTests prove the sum matches the model.

CREATE TABLE "RequestCategories" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RequestCategories" PRIMARY KEY AUTOINCREMENT,
    "OwnerUnitId" INTEGER NOT NULL,
    "ParentId" INTEGER NULL,
    "Type" TEXT NOT NULL,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "NameLatin" TEXT NULL,
    "ResponsibleUnitId" INTEGER NULL,
    "IsActive" INTEGER NOT NULL,
    CONSTRAINT "FK_RequestCategories_RequestCategories_ParentId" FOREIGN KEY ("ParentId") REFERENCES "RequestCategories" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RequestCategories_Units_OwnerUnitId" FOREIGN KEY ("OwnerUnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RequestCategories_Units_ResponsibleUnitId" FOREIGN KEY ("ResponsibleUnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Requests" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Requests" PRIMARY KEY AUTOINCREMENT,
    "Number" TEXT NOT NULL,
    "Type" TEXT NOT NULL,
    "CategoryId" INTEGER NULL,
    "Subject" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "SearchText" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "Importance" TEXT NOT NULL,
    "Channel" TEXT NOT NULL,
    "UnitId" INTEGER NOT NULL,
    "RequesterId" TEXT NULL,
    "RequesterName" TEXT NOT NULL,
    "RequesterNationalId" TEXT NULL,
    "RequesterMobile" TEXT NULL,
    "RequesterEmail" TEXT NULL,
    "RequesterRole" TEXT NOT NULL,
    "GuestSecretHash" BLOB NULL,
    "Latitude" REAL NULL,
    "Longitude" REAL NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL,
    CONSTRAINT "FK_Requests_RequestCategories_CategoryId" FOREIGN KEY ("CategoryId") REFERENCES "RequestCategories" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Requests_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "RequestEvents" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RequestEvents" PRIMARY KEY AUTOINCREMENT,
    "RequestId" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "IsPublic" INTEGER NOT NULL,
    "ActorId" TEXT NULL,
    "UnitId" INTEGER NULL,
    "Text" TEXT NULL,
    "At" INTEGER NOT NULL,
    CONSTRAINT "FK_RequestEvents_Requests_RequestId" FOREIGN KEY ("RequestId") REFERENCES "Requests" ("Id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_RequestCategories_OwnerUnitId_Code" ON "RequestCategories" ("OwnerUnitId", "Code");

CREATE INDEX "IX_RequestCategories_ParentId" ON "RequestCategories" ("ParentId");

CREATE INDEX "IX_RequestCategories_ResponsibleUnitId" ON "RequestCategories" ("ResponsibleUnitId");

CREATE INDEX "IX_RequestCategories_Type_IsActive" ON "RequestCategories" ("Type", "IsActive");

CREATE INDEX "IX_RequestEvents_RequestId_Id" ON "RequestEvents" ("RequestId", "Id");

CREATE INDEX "IX_Requests_CategoryId" ON "Requests" ("CategoryId");

CREATE UNIQUE INDEX "IX_Requests_Number" ON "Requests" ("Number");

CREATE INDEX "IX_Requests_RequesterId_Id" ON "Requests" ("RequesterId", "Id");

CREATE INDEX "IX_Requests_RequesterMobile" ON "Requests" ("RequesterMobile");

CREATE INDEX "IX_Requests_RequesterNationalId" ON "Requests" ("RequesterNationalId");

CREATE INDEX "IX_Requests_UnitId_Status_Id" ON "Requests" ("UnitId", "Status", "Id");
