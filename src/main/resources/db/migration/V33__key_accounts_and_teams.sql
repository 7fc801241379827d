-- Customer-value tiers and teams, for SLA targets and the SLA report.

-- A customer (contact, module conversation) is a standard customer or a key account; leads and admins mark it.
ALTER TABLE contact ADD COLUMN tier text NOT NULL DEFAULT 'standard' CHECK (tier IN ('standard', 'key'));
GRANT UPDATE (tier) ON contact TO mokadesk_app;

-- The tier a conversation's timers started with (module sla): the tier at the latest timer start on the
-- conversation, and per timer the tier it was planned for (running timers keep theirs, like their policy).
ALTER TABLE sla_conversation ADD COLUMN tier text NOT NULL DEFAULT 'standard';
ALTER TABLE sla_clock ADD COLUMN tier text NOT NULL DEFAULT 'standard';
-- The team of the person who answered (else the assignee) when the timer stopped: the report's "per team".
ALTER TABLE sla_clock ADD COLUMN team_id uuid;

-- A workspace's teams (module workspace): a name and its members; a person is in at most one team, so a
-- timer belongs to one team in the report.
CREATE TABLE team (
    workspace_id  uuid        NOT NULL REFERENCES workspace (id),
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    name          text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX team_name ON team (workspace_id, lower(name));

CREATE TABLE team_member (
    workspace_id  uuid NOT NULL REFERENCES workspace (id),
    team_id       uuid NOT NULL,
    user_id       uuid NOT NULL,
    PRIMARY KEY (workspace_id, user_id),
    FOREIGN KEY (workspace_id, team_id) REFERENCES team (workspace_id, id) ON DELETE CASCADE
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['team', 'team_member'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (workspace_id = current_workspace())', t);
        EXECUTE format('CREATE POLICY maintenance ON %I TO %I USING (true) WITH CHECK (true)', t, current_user);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO mokadesk_app', t);
    END LOOP;
END
$$;
