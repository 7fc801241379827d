-- The agent's workspace (issue 9): saved inbox views, the demo workspace as the landing place while it
-- exists, the workspace's time zone, and the index behind the customer panel's earlier conversations.

-- A saved inbox view: a name and the inbox filter it stands for. owner_id is the person who keeps it for
-- themselves; null means shared with the whole workspace (only a lead or an admin shares).
CREATE TABLE saved_view (
    workspace_id  uuid        NOT NULL REFERENCES workspace (id),
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    owner_id      uuid,
    name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    filter        jsonb       NOT NULL DEFAULT '{}',
    created_by    uuid        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, id),
    FOREIGN KEY (workspace_id, owner_id) REFERENCES membership (workspace_id, user_id)
);
CREATE INDEX saved_view_owner ON saved_view (workspace_id, owner_id, lower(name));

ALTER TABLE saved_view ENABLE ROW LEVEL SECURITY;
ALTER TABLE saved_view FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON saved_view USING (workspace_id = current_workspace());
DO $$
BEGIN
    EXECUTE format('CREATE POLICY maintenance ON saved_view TO %I USING (true) WITH CHECK (true)', current_user);
END
$$;
-- Views are the person's own settings, not customer data: removing one is allowed (and audited).
GRANT SELECT, INSERT, UPDATE, DELETE ON saved_view TO mokadesk_app;

-- The customer panel lists a contact's other conversations, newest first.
CREATE INDEX conversation_contact ON conversation (workspace_id, contact_id, last_message_at DESC);

-- The demo workspace is where a newcomer lands while it exists (it is listed first among a person's
-- workspaces); every workspace shows times in its own zone.
ALTER TABLE workspace ADD COLUMN demo boolean NOT NULL DEFAULT false;
ALTER TABLE workspace ADD COLUMN time_zone text NOT NULL DEFAULT 'Europe/Helsinki';

CREATE OR REPLACE FUNCTION memberships_of(p_user uuid)
    RETURNS TABLE (workspace_id uuid, workspace_name text, role text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
    SELECT m.workspace_id, w.name, m.role
      FROM membership m JOIN workspace w ON w.id = m.workspace_id JOIN app_user u ON u.id = m.user_id
     WHERE m.user_id = p_user AND p_user = current_app_user() AND m.enabled AND u.enabled
     ORDER BY w.demo DESC, w.created_at, w.name
$$;

-- ... and the contact's handles on every channel.
CREATE INDEX contact_identity_contact ON contact_identity (workspace_id, contact_id);
