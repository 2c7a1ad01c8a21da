-- 0001: the platform (identity, organization tree, data-protection keys, bot-challenge records).
-- Written from 'dotnet run --project src/Wasl.Web -- schema-script sqlite'; MigrationSchemaTests prove it matches the model.
CREATE TABLE "DataProtectionKeys" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_DataProtectionKeys" PRIMARY KEY AUTOINCREMENT,
    "FriendlyName" TEXT NOT NULL,
    "Xml" TEXT NOT NULL
);


CREATE TABLE "PlatformSecrets" (
    "Name" TEXT NOT NULL CONSTRAINT "PK_PlatformSecrets" PRIMARY KEY,
    "Value" TEXT NOT NULL
);


CREATE TABLE "SpentChallenges" (
    "Signature" TEXT NOT NULL CONSTRAINT "PK_SpentChallenges" PRIMARY KEY,
    "ExpiresAt" INTEGER NOT NULL
);


CREATE TABLE "UnitKinds" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_UnitKinds" PRIMARY KEY AUTOINCREMENT,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "NameLatin" TEXT NULL,
    "Level" INTEGER NOT NULL
);


CREATE TABLE "Units" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Units" PRIMARY KEY AUTOINCREMENT,
    "ParentId" INTEGER NULL,
    "KindId" INTEGER NOT NULL,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "NameLatin" TEXT NULL,
    "Path" TEXT NOT NULL,
    "Depth" INTEGER NOT NULL,
    "IsActive" INTEGER NOT NULL,
    CONSTRAINT "FK_Units_UnitKinds_KindId" FOREIGN KEY ("KindId") REFERENCES "UnitKinds" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Units_Units_ParentId" FOREIGN KEY ("ParentId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "FullName" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "NationalId" TEXT NULL,
    "HomeUnitId" INTEGER NULL,
    "PreferredLanguage" TEXT NULL,
    "PreferredCalendar" TEXT NOT NULL,
    "IsDemo" INTEGER NOT NULL,
    "IsActive" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" INTEGER NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL,
    CONSTRAINT "FK_AspNetUsers_Units_HomeUnitId" FOREIGN KEY ("HomeUnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);


CREATE TABLE "Positions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Positions" PRIMARY KEY AUTOINCREMENT,
    "UnitId" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "TitleLatin" TEXT NULL,
    "IsHead" INTEGER NOT NULL,
    "HolderId" TEXT NULL,
    "IsActive" INTEGER NOT NULL,
    CONSTRAINT "FK_Positions_AspNetUsers_HolderId" FOREIGN KEY ("HolderId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Positions_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "RoleAssignments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RoleAssignments" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    "UnitId" INTEGER NOT NULL,
    CONSTRAINT "FK_RoleAssignments_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_RoleAssignments_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "Delegations" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Delegations" PRIMARY KEY AUTOINCREMENT,
    "PositionId" INTEGER NOT NULL,
    "DelegateId" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "StartsAt" INTEGER NOT NULL,
    "EndsAt" INTEGER NULL,
    CONSTRAINT "FK_Delegations_AspNetUsers_DelegateId" FOREIGN KEY ("DelegateId") REFERENCES "AspNetUsers" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Delegations_Positions_PositionId" FOREIGN KEY ("PositionId") REFERENCES "Positions" ("Id") ON DELETE RESTRICT
);


CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");


CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");


CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");


CREATE INDEX "IX_AspNetUsers_HomeUnitId" ON "AspNetUsers" ("HomeUnitId");


CREATE UNIQUE INDEX "IX_AspNetUsers_NationalId" ON "AspNetUsers" ("NationalId");


CREATE UNIQUE INDEX "IX_AspNetUsers_PhoneNumber" ON "AspNetUsers" ("PhoneNumber");


CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");


CREATE UNIQUE INDEX "IX_DataProtectionKeys_FriendlyName" ON "DataProtectionKeys" ("FriendlyName");


CREATE INDEX "IX_Delegations_DelegateId" ON "Delegations" ("DelegateId");


CREATE INDEX "IX_Delegations_PositionId" ON "Delegations" ("PositionId");


CREATE INDEX "IX_Positions_HolderId" ON "Positions" ("HolderId");


CREATE INDEX "IX_Positions_UnitId" ON "Positions" ("UnitId");


CREATE INDEX "IX_RoleAssignments_UnitId" ON "RoleAssignments" ("UnitId");


CREATE UNIQUE INDEX "IX_RoleAssignments_UserId_Role_UnitId" ON "RoleAssignments" ("UserId", "Role", "UnitId");


CREATE INDEX "IX_SpentChallenges_ExpiresAt" ON "SpentChallenges" ("ExpiresAt");


CREATE UNIQUE INDEX "IX_UnitKinds_Code" ON "UnitKinds" ("Code");


CREATE UNIQUE INDEX "IX_Units_Code" ON "Units" ("Code");


CREATE INDEX "IX_Units_KindId" ON "Units" ("KindId");


CREATE INDEX "IX_Units_ParentId" ON "Units" ("ParentId");


CREATE INDEX "IX_Units_Path" ON "Units" ("Path");


