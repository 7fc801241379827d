-- 1. The operator's workspace: the first one, created at first start. Node-wide figures (metrics) are for
--    its admins only. Exactly one workspace carries the mark; a trigger sets it on the very first insert.
ALTER TABLE workspace ADD COLUMN operator boolean NOT NULL DEFAULT false;
UPDATE workspace SET operator = true
 WHERE id = (SELECT id FROM workspace ORDER BY created_at, id LIMIT 1);
CREATE UNIQUE INDEX workspace_one_operator ON workspace (operator) WHERE operator;

CREATE FUNCTION mark_operator_workspace() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
AS $$
BEGIN
    NEW.operator := NOT EXISTS (SELECT 1 FROM workspace);
    RETURN NEW;
END
$$;
CREATE TRIGGER workspace_operator BEFORE INSERT ON workspace
    FOR EACH ROW EXECUTE FUNCTION mark_operator_workspace();

-- 2. The audit chain becomes keyed. Entries written before this migration keep their SHA-256 links
--    (chain 1) and still verify; every entry from now on is HMAC-SHA256 under a key kept outside the
--    database (chain 2). An unkeyed entry after a keyed one is a break. seq numbers a workspace's entries
--    1, 2, 3 … without gaps, so a published head names a position in the chain.
ALTER TABLE audit_entry ADD COLUMN chain smallint NOT NULL DEFAULT 1 CHECK (chain IN (1, 2));
ALTER TABLE audit_entry ALTER COLUMN chain DROP DEFAULT;
ALTER TABLE audit_entry ADD COLUMN seq bigint;
-- One-time numbering of the existing entries (not part of their hashes); the owner passes the
-- append-only trigger and the row policy for this statement only.
ALTER TABLE audit_entry NO FORCE ROW LEVEL SECURITY;
ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only;
UPDATE audit_entry e SET seq = n.seq
  FROM (SELECT workspace_id, id, row_number() OVER (PARTITION BY workspace_id ORDER BY id) AS seq
          FROM audit_entry) n
 WHERE e.workspace_id = n.workspace_id AND e.id = n.id;
ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only;
ALTER TABLE audit_entry FORCE ROW LEVEL SECURITY;
ALTER TABLE audit_entry ALTER COLUMN seq SET NOT NULL;
CREATE UNIQUE INDEX audit_entry_seq ON audit_entry (workspace_id, seq);

-- Heads published to the log and to webhooks. Kept so that verification can check the chain still holds
-- every head it ever showed to the outside; append-only like the chain.
CREATE TABLE audit_head (
    workspace_id  uuid        NOT NULL REFERENCES workspace (id),
    seq           bigint      NOT NULL,
    hash          text        NOT NULL,
    entry_at      timestamptz NOT NULL,
    published_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, seq)
);
ALTER TABLE audit_head ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_head FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON audit_head USING (workspace_id = current_workspace());
GRANT SELECT, INSERT ON audit_head TO mokadesk_app;
CREATE TRIGGER audit_head_append_only BEFORE UPDATE OR DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Where an admin wants the heads sent (the workspace's audit-head subscription).
CREATE TABLE audit_anchor_settings (
    workspace_id  uuid        PRIMARY KEY REFERENCES workspace (id),
    webhook_url   text        CHECK (length(webhook_url) <= 2000),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE audit_anchor_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_anchor_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON audit_anchor_settings USING (workspace_id = current_workspace());
GRANT SELECT, INSERT, UPDATE ON audit_anchor_settings TO mokadesk_app;

-- Each published head waiting to reach the subscribed webhook, retried with backoff.
CREATE TABLE audit_head_delivery (
    workspace_id     uuid        NOT NULL,
    seq              bigint      NOT NULL,
    target           text        NOT NULL,
    state            text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    delivered_at     timestamptz,
    PRIMARY KEY (workspace_id, seq),
    FOREIGN KEY (workspace_id, seq) REFERENCES audit_head (workspace_id, seq)
);
CREATE INDEX audit_head_delivery_due ON audit_head_delivery (next_attempt_at) WHERE state = 'pending';
ALTER TABLE audit_head_delivery ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_head_delivery FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON audit_head_delivery USING (workspace_id = current_workspace());
GRANT SELECT, INSERT, UPDATE ON audit_head_delivery TO mokadesk_app;

-- As for the other tenant tables (V5): the owner's security-definer functions see across workspaces.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['audit_head', 'audit_anchor_settings', 'audit_head_delivery'] LOOP
        EXECUTE format('CREATE POLICY maintenance ON %I TO %I USING (true) WITH CHECK (true)', t, current_user);
    END LOOP;
END
$$;

-- The publishing job works for every workspace: which ones have entries beyond their last published head.
CREATE FUNCTION audit_heads_due() RETURNS TABLE (workspace_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
    SELECT e.workspace_id
      FROM (SELECT workspace_id, max(seq) AS seq FROM audit_entry GROUP BY workspace_id) e
      LEFT JOIN (SELECT workspace_id, max(seq) AS seq FROM audit_head GROUP BY workspace_id) h
             ON h.workspace_id = e.workspace_id
     WHERE h.seq IS NULL OR e.seq > h.seq
$$;

CREATE FUNCTION claim_due_audit_head_deliveries(p_limit integer, p_lease interval)
    RETURNS TABLE (workspace_id uuid, seq bigint)
    LANGUAGE sql SECURITY DEFINER SET search_path = public
AS $$
    UPDATE audit_head_delivery d SET next_attempt_at = now() + p_lease
      FROM (SELECT workspace_id, seq FROM audit_head_delivery
             WHERE state = 'pending' AND next_attempt_at <= now()
             ORDER BY next_attempt_at LIMIT p_limit FOR UPDATE SKIP LOCKED) due
     WHERE d.workspace_id = due.workspace_id AND d.seq = due.seq
    RETURNING d.workspace_id, d.seq
$$;
REVOKE ALL ON FUNCTION audit_heads_due(), claim_due_audit_head_deliveries(integer, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_heads_due(), claim_due_audit_head_deliveries(integer, interval) TO mokadesk_app;
