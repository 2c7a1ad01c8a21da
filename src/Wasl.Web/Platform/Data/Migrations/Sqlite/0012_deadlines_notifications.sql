-- 0012: deadlines in working time (calendars, policies, the request clock), escalation, and notifications (outbox, in-app centre).

CREATE TABLE "DeadlinePolicies" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_DeadlinePolicies" PRIMARY KEY AUTOINCREMENT,
    "Subject" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Importance" TEXT NOT NULL,
    "FirstResponseMinutes" INTEGER NULL,
    "ResolutionMinutes" INTEGER NOT NULL,
    "WarningPercent" INTEGER NOT NULL,
    "OnBreach" TEXT NOT NULL,
    "UpdatedAt" INTEGER NOT NULL
);

CREATE TABLE "UnitCalendars" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_UnitCalendars" PRIMARY KEY AUTOINCREMENT,
    "UnitId" INTEGER NOT NULL,
    "Country" TEXT NOT NULL,
    "TimeZone" TEXT NOT NULL,
    "Week" TEXT NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_UnitCalendars_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "CalendarSeasons" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CalendarSeasons" PRIMARY KEY AUTOINCREMENT,
    "CalendarId" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "StartsOn" TEXT NOT NULL,
    "EndsOn" TEXT NOT NULL,
    "Week" TEXT NOT NULL,
    "EnteredIn" TEXT NOT NULL,
    CONSTRAINT "FK_CalendarSeasons_UnitCalendars_CalendarId" FOREIGN KEY ("CalendarId") REFERENCES "UnitCalendars" ("Id") ON DELETE CASCADE
);

CREATE TABLE "CalendarHolidays" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CalendarHolidays" PRIMARY KEY AUTOINCREMENT,
    "CalendarId" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "StartsOn" TEXT NOT NULL,
    "EndsOn" TEXT NOT NULL,
    "EnteredIn" TEXT NOT NULL,
    CONSTRAINT "FK_CalendarHolidays_UnitCalendars_CalendarId" FOREIGN KEY ("CalendarId") REFERENCES "UnitCalendars" ("Id") ON DELETE CASCADE
);

CREATE TABLE "DeadlineRecomputeJobs" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_DeadlineRecomputeJobs" PRIMARY KEY AUTOINCREMENT,
    "Subject" TEXT NOT NULL,
    "UnitId" INTEGER NOT NULL,
    "CursorUnitId" INTEGER NOT NULL,
    "CursorItemId" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "DoneAt" INTEGER NULL,
    CONSTRAINT "FK_DeadlineRecomputeJobs_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "OutboxMessages" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_OutboxMessages" PRIMARY KEY AUTOINCREMENT,
    "EventKey" TEXT NOT NULL,
    "Channel" TEXT NOT NULL,
    "Recipient" TEXT NOT NULL,
    "UserId" TEXT NULL,
    "Template" TEXT NOT NULL,
    "Language" TEXT NOT NULL,
    "Subject" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "Html" TEXT NULL,
    "Status" TEXT NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "NextAttemptAt" INTEGER NOT NULL,
    "LeaseUntil" INTEGER NULL,
    "LastError" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "SentAt" INTEGER NULL
);

CREATE TABLE "UserNotifications" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_UserNotifications" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "EventKey" TEXT NOT NULL,
    "Template" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "Link" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ReadAt" INTEGER NULL,
    CONSTRAINT "FK_UserNotifications_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_CalendarHolidays_CalendarId" ON "CalendarHolidays" ("CalendarId");
CREATE INDEX "IX_CalendarSeasons_CalendarId" ON "CalendarSeasons" ("CalendarId");
CREATE UNIQUE INDEX "IX_DeadlinePolicies_Subject_Kind_Importance" ON "DeadlinePolicies" ("Subject", "Kind", "Importance");
CREATE INDEX "IX_DeadlineRecomputeJobs_Open" ON "DeadlineRecomputeJobs" ("Subject", "Id") WHERE "DoneAt" IS NULL;
CREATE INDEX "IX_DeadlineRecomputeJobs_UnitId" ON "DeadlineRecomputeJobs" ("UnitId");
CREATE UNIQUE INDEX "IX_OutboxMessages_EventKey_Channel_Recipient" ON "OutboxMessages" ("EventKey", "Channel", "Recipient");
CREATE INDEX "IX_OutboxMessages_Pending" ON "OutboxMessages" ("NextAttemptAt", "Id") WHERE "Status" = 'Pending';
CREATE INDEX "IX_OutboxMessages_Status_Id" ON "OutboxMessages" ("Status", "Id");
CREATE UNIQUE INDEX "IX_UnitCalendars_UnitId" ON "UnitCalendars" ("UnitId");
CREATE INDEX "IX_UserNotifications_Unread" ON "UserNotifications" ("UserId") WHERE "ReadAt" IS NULL;
CREATE UNIQUE INDEX "IX_UserNotifications_UserId_EventKey" ON "UserNotifications" ("UserId", "EventKey");
CREATE INDEX "IX_UserNotifications_UserId_Id" ON "UserNotifications" ("UserId", "Id");

ALTER TABLE "AspNetUsers" ADD COLUMN "EmailNotices" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "AspNetUsers" ADD COLUMN "SmsNotices" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Requests" ADD COLUMN "Language" TEXT NOT NULL DEFAULT 'ar';
ALTER TABLE "Requests" ADD COLUMN "FirstResponseDueAt" INTEGER NULL;
ALTER TABLE "Requests" ADD COLUMN "FirstRespondedAt" INTEGER NULL;
ALTER TABLE "Requests" ADD COLUMN "DueAt" INTEGER NULL;
ALTER TABLE "Requests" ADD COLUMN "NextCheckAt" INTEGER NULL;
ALTER TABLE "Requests" ADD COLUMN "EscalationCount" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Requests" ADD COLUMN "BreachCount" INTEGER NOT NULL DEFAULT 0;
CREATE INDEX "IX_Requests_Due" ON "Requests" ("UnitId", "DueAt") WHERE "DueAt" IS NOT NULL;
CREATE INDEX "IX_Requests_NextCheck" ON "Requests" ("NextCheckAt", "Id") WHERE "NextCheckAt" IS NOT NULL;

-- Requests already open get their deadlines from the sweeper, a batch at a time, from their own history.
INSERT INTO "DeadlineRecomputeJobs" ("Subject", "UnitId", "CursorUnitId", "CursorItemId", "CreatedAt")
SELECT 'Request', "Id", 0, 0, CAST((julianday('now') - 1721425.5) * 864000000000 AS INTEGER) FROM "Units" WHERE "ParentId" IS NULL;
