-- 0015: one-time codes (issue 11): hashed, single-use, counted tries; the rows are also the send budget.

CREATE TABLE "OneTimeCodes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_OneTimeCodes" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "Purpose" TEXT NOT NULL,
    "Destination" TEXT NOT NULL,
    "CodeHash" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ExpiresAt" INTEGER NOT NULL,
    "FailedTries" INTEGER NOT NULL,
    "ConsumedAt" INTEGER NULL,
    CONSTRAINT "FK_OneTimeCodes_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_OneTimeCodes_Destination_CreatedAt" ON "OneTimeCodes" ("Destination", "CreatedAt");
CREATE INDEX "IX_OneTimeCodes_UserId_CreatedAt" ON "OneTimeCodes" ("UserId", "CreatedAt");
