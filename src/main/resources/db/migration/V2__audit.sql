-- Append-only audit log. Each entry carries the SHA-256 of the previous entry of the same workspace, so
-- editing or removing an entry breaks the chain from that point on, and verification finds where.
CREATE TABLE audit_entry (
    workspace_id  uuid        NOT NULL REFERENCES workspace (id),
    id            bigint      GENERATED ALWAYS AS IDENTITY,
    at            timestamptz NOT NULL,
    actor_type    text        NOT NULL CHECK (actor_type IN ('user', 'token', 'system')),
    actor_id      text,
    actor_name    text        NOT NULL,
    action        text        NOT NULL,
    entity_type   text        NOT NULL,
    entity_id     text,
    old_value     text,
    new_value     text,
    prev_hash     text        NOT NULL,
    hash          text        NOT NULL,
    PRIMARY KEY (workspace_id, id)
);
CREATE INDEX audit_entry_entity ON audit_entry (workspace_id, entity_type, entity_id);
ALTER TABLE audit_entry ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_entry FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON audit_entry USING (workspace_id = current_workspace());
GRANT SELECT, INSERT ON audit_entry TO mokadesk_app;

CREATE FUNCTION refuse_change() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION '% on % is not allowed: the rows are permanent records', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_entry_append_only
    BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_entry_no_truncate
    BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
