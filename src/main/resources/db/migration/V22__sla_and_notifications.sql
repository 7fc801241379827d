-- SLA timers (module sla) and the in-app notification centre (module notification).

-- Business-hours calendars: weekly opening hours in a time zone, public holidays, extra closed days.
CREATE TABLE sla_calendar (
    workspace_id  uuid        NOT NULL REFERENCES workspace (id),
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    name          text        NOT NULL,
    time_zone     text        NOT NULL DEFAULT 'Europe/Helsinki',
    weekly_hours  jsonb       NOT NULL,
    holidays      text        NOT NULL DEFAULT 'fi' CHECK (holidays IN ('fi', 'none')),
    closed_days   date[]      NOT NULL DEFAULT '{}',
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, id),
    UNIQUE (workspace_id, name)
);

-- SLA policies, one row per version: a change writes a new version and running timers keep the version
-- they started with. policy_key names the policy across its versions; exactly one current version per key.
CREATE TABLE sla_policy (
    workspace_id  uuid        NOT NULL REFERENCES workspace (id),
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    policy_key    uuid        NOT NULL,
    version       integer     NOT NULL,
    name          text        NOT NULL,
    is_current    boolean     NOT NULL DEFAULT true,
    is_default    boolean     NOT NULL DEFAULT false,
    calendar_id   uuid        NOT NULL,
    rules         jsonb       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    created_by    text,
    PRIMARY KEY (workspace_id, id),
    UNIQUE (workspace_id, policy_key, version),
    FOREIGN KEY (workspace_id, calendar_id) REFERENCES sla_calendar (workspace_id, id)
);
CREATE UNIQUE INDEX sla_policy_one_current ON sla_policy (workspace_id, policy_key) WHERE is_current;
CREATE UNIQUE INDEX sla_policy_one_default ON sla_policy (workspace_id) WHERE is_current AND is_default;

-- What the SLA module knows of each conversation, from the conversation events (it never reads the
-- conversation tables): the policy version it started with, the facts targets depend on, and the earliest
-- due time of its running timers (the "most urgent first" order).
CREATE TABLE sla_conversation (
    workspace_id     uuid        NOT NULL REFERENCES workspace (id),
    conversation_id  uuid        NOT NULL,
    policy_id        uuid        NOT NULL,
    channel          text        NOT NULL,
    is_public        boolean     NOT NULL,
    priority         text        NOT NULL DEFAULT 'normal',
    assignee_id      uuid,
    status           text        NOT NULL DEFAULT 'open',
    next_due_at      timestamptz,
    created_at       timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, conversation_id),
    FOREIGN KEY (workspace_id, policy_id) REFERENCES sla_policy (workspace_id, id)
);
CREATE INDEX sla_conversation_urgent ON sla_conversation (workspace_id, next_due_at, conversation_id)
    WHERE next_due_at IS NOT NULL;

-- One row per timer run: first response, next response (one after each customer message that waits for
-- an answer) and resolution. A stopped row is the outcome kept for reports (breached = missed).
CREATE TABLE sla_clock (
    workspace_id      uuid        NOT NULL,
    id                uuid        NOT NULL DEFAULT gen_random_uuid(),
    conversation_id   uuid        NOT NULL,
    kind              text        NOT NULL CHECK (kind IN ('first_response', 'next_response', 'resolution')),
    policy_id         uuid        NOT NULL,
    channel           text        NOT NULL,
    assignee_id       uuid,
    started_at        timestamptz NOT NULL,
    target_seconds    integer     NOT NULL CHECK (target_seconds > 0),
    business_hours    boolean     NOT NULL,
    state             text        NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'paused', 'stopped')),
    run_started_at    timestamptz NOT NULL,
    consumed_seconds  bigint      NOT NULL DEFAULT 0,
    warn_at           timestamptz,
    due_at            timestamptz,
    warned            boolean     NOT NULL DEFAULT false,
    breached          boolean     NOT NULL DEFAULT false,
    escalation_step   integer     NOT NULL DEFAULT 0,
    next_fire_at      timestamptz,
    stopped_at        timestamptz,
    stopped_by        uuid,
    answered          boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (workspace_id, id),
    FOREIGN KEY (workspace_id, conversation_id) REFERENCES sla_conversation (workspace_id, conversation_id),
    FOREIGN KEY (workspace_id, policy_id) REFERENCES sla_policy (workspace_id, id)
);
-- The sweep reads only what is due: the next warning, breach or escalation step of every running timer.
CREATE INDEX sla_clock_fire ON sla_clock (next_fire_at) WHERE next_fire_at IS NOT NULL;
CREATE UNIQUE INDEX sla_clock_running ON sla_clock (workspace_id, conversation_id, kind) WHERE state <> 'stopped';
CREATE INDEX sla_clock_conversation ON sla_clock (workspace_id, conversation_id);
CREATE INDEX sla_clock_report ON sla_clock (workspace_id, started_at);

-- The in-app notification centre: one row per person and notice; dedupe_key makes a repeated notice a no-op.
CREATE TABLE notification (
    workspace_id  uuid        NOT NULL REFERENCES workspace (id),
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    user_id       uuid        NOT NULL,
    kind          text        NOT NULL,
    message_key   text        NOT NULL,
    args          text[]      NOT NULL DEFAULT '{}',
    link          text,
    dedupe_key    text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    read_at       timestamptz,
    PRIMARY KEY (workspace_id, id),
    UNIQUE (workspace_id, user_id, dedupe_key)
);
CREATE INDEX notification_inbox ON notification (workspace_id, user_id, created_at DESC);
CREATE INDEX notification_unread ON notification (workspace_id, user_id) WHERE read_at IS NULL;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['sla_calendar', 'sla_policy', 'sla_conversation', 'sla_clock', 'notification'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (workspace_id = current_workspace())', t);
        EXECUTE format('CREATE POLICY maintenance ON %I TO %I USING (true) WITH CHECK (true)', t, current_user);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO mokadesk_app', t);
    END LOOP;
END
$$;

-- The sweep works for every workspace: it takes the timers that are due (and holds them for a lease, so
-- two nodes never take the same one), then handles each inside its own workspace.
CREATE FUNCTION claim_due_sla_clocks(p_limit integer, p_lease interval)
    RETURNS TABLE (workspace_id uuid, id uuid)
    LANGUAGE sql SECURITY DEFINER SET search_path = public
AS $$
    UPDATE sla_clock c SET next_fire_at = now() + p_lease
      FROM (SELECT workspace_id, id FROM sla_clock
             WHERE next_fire_at <= now()
             ORDER BY next_fire_at LIMIT p_limit FOR UPDATE SKIP LOCKED) due
     WHERE c.workspace_id = due.workspace_id AND c.id = due.id
    RETURNING c.workspace_id, c.id
$$;
REVOKE ALL ON FUNCTION claim_due_sla_clocks(integer, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claim_due_sla_clocks(integer, interval) TO mokadesk_app;
