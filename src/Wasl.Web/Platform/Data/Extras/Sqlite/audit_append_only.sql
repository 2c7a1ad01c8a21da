-- The audit trail is append-only: the application never updates or deletes its rows, and the database refuses it too.
-- (AuditPending is the sealer's queue, not the trail: its rows go once sealed.) Same text in migration 0022.
CREATE TRIGGER "AuditEntries_append_only_update" BEFORE UPDATE ON "AuditEntries" BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER "AuditEntries_append_only_delete" BEFORE DELETE ON "AuditEntries" BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER "AuditSeals_append_only_update" BEFORE UPDATE ON "AuditSeals" BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER "AuditSeals_append_only_delete" BEFORE DELETE ON "AuditSeals" BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER "AuditAnchors_append_only_update" BEFORE UPDATE ON "AuditAnchors" BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER "AuditAnchors_append_only_delete" BEFORE DELETE ON "AuditAnchors" BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
