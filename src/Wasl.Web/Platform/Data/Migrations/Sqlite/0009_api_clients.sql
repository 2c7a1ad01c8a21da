-- 0009: API clients (other systems filing requests by key); each API request remembers the client that filed it.

CREATE TABLE "ApiClients" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ApiClients" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "KeyId" TEXT NOT NULL,
    "KeyHash" BLOB NOT NULL,
    "IsActive" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "RevokedAt" INTEGER NULL
);

CREATE UNIQUE INDEX "IX_ApiClients_KeyId" ON "ApiClients" ("KeyId");

ALTER TABLE "Requests" ADD COLUMN "ApiClientId" INTEGER NULL REFERENCES "ApiClients" ("Id") ON DELETE RESTRICT;
CREATE INDEX "IX_Requests_ApiClientId" ON "Requests" ("ApiClientId");
