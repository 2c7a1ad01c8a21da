-- The audit trail is append-only: the application never updates or deletes its rows, and the database refuses it too
-- (an attacker with the owner's rights can disable the triggers: the hash chain and its anchors are what show that).
-- AuditPending is the sealer's queue, not the trail: its rows go once sealed. Same text in migration 0022.
CREATE FUNCTION wasl_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only (% on %)', TG_OP, TG_TABLE_NAME;
END;
$$;

CREATE TRIGGER "AuditEntries_append_only" BEFORE UPDATE OR DELETE ON "AuditEntries" FOR EACH ROW EXECUTE FUNCTION wasl_audit_append_only();
CREATE TRIGGER "AuditEntries_no_truncate" BEFORE TRUNCATE ON "AuditEntries" FOR EACH STATEMENT EXECUTE FUNCTION wasl_audit_append_only();
CREATE TRIGGER "AuditSeals_append_only" BEFORE UPDATE OR DELETE ON "AuditSeals" FOR EACH ROW EXECUTE FUNCTION wasl_audit_append_only();
CREATE TRIGGER "AuditSeals_no_truncate" BEFORE TRUNCATE ON "AuditSeals" FOR EACH STATEMENT EXECUTE FUNCTION wasl_audit_append_only();
CREATE TRIGGER "AuditAnchors_append_only" BEFORE UPDATE OR DELETE ON "AuditAnchors" FOR EACH ROW EXECUTE FUNCTION wasl_audit_append_only();
CREATE TRIGGER "AuditAnchors_no_truncate" BEFORE TRUNCATE ON "AuditAnchors" FOR EACH STATEMENT EXECUTE FUNCTION wasl_audit_append_only();
