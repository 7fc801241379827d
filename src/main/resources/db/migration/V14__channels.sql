-- The channels a workspace has set up (issue 8 §1). Settings are JSON; the values of secret fields are
-- AES-GCM ciphertext (the application encrypts them, so the database never sees a secret in clear).
CREATE TABLE channel (
    workspace_id    uuid        NOT NULL REFERENCES workspace (id),
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    type            text        NOT NULL CHECK (type IN ('api', 'email', 'form', 'facebook', 'instagram', 'whatsapp', 'feed', 'x')),
    name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    settings        jsonb       NOT NULL DEFAULT '{}',
    status          text        NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'warning', 'error')),
    status_message  text,
    status_since    timestamptz NOT NULL DEFAULT now(),
    enabled         boolean     NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, id)
);

ALTER TABLE channel ENABLE ROW LEVEL SECURITY;
ALTER TABLE channel FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON channel USING (workspace_id = current_workspace());
DO $$
BEGIN
    EXECUTE format('CREATE POLICY maintenance ON channel TO %I USING (true) WITH CHECK (true)', current_user);
END
$$;
GRANT SELECT, INSERT, UPDATE ON channel TO mokadesk_app;

-- Which channel a reply leaves by; null for rows written before channels existed (they use the
-- workspace's reply webhook settings).
ALTER TABLE outbound_delivery ADD COLUMN channel_id uuid;
