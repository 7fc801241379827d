-- The web contact form channel (issue 10): what customers sent through a form, the health checks of each
-- form and the outages they found. A submission is stored (and committed) before the customer hears
-- "thank you", so nothing sent is lost even when the conversation cannot be created at once.

CREATE TABLE form_submission (
    workspace_id     uuid        NOT NULL REFERENCES workspace (id),
    id               uuid        NOT NULL DEFAULT gen_random_uuid(),
    channel_id       uuid        NOT NULL,
    received_at      timestamptz NOT NULL DEFAULT now(),
    -- A canary of the health monitor: it goes through the whole form pipeline but never becomes a conversation.
    canary           boolean     NOT NULL DEFAULT false,
    -- 'pending' (stored, not yet a conversation), 'delivered' (a conversation has it), 'checked' (a canary
    -- that reached the point where a conversation would be created), 'spam' (caught by a trap, kept).
    state            text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'checked', 'spam')),
    spam_reason      text,
    fields           jsonb       NOT NULL,
    language         text,
    conversation_id  uuid,
    message_id       uuid,
    delivered_at     timestamptz,
    attempts         integer     NOT NULL DEFAULT 0,
    last_error       text,
    PRIMARY KEY (workspace_id, id),
    FOREIGN KEY (workspace_id, channel_id) REFERENCES channel (workspace_id, id)
);
CREATE INDEX form_submission_channel_time ON form_submission (workspace_id, channel_id, received_at);
CREATE INDEX form_submission_pending ON form_submission (received_at) WHERE state = 'pending';

CREATE TABLE form_check (
    workspace_id  uuid        NOT NULL REFERENCES workspace (id),
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    channel_id    uuid        NOT NULL,
    checked_at    timestamptz NOT NULL DEFAULT now(),
    ok            boolean     NOT NULL,
    latency_ms    integer     NOT NULL,
    reason        text,
    PRIMARY KEY (workspace_id, id),
    FOREIGN KEY (workspace_id, channel_id) REFERENCES channel (workspace_id, id)
);
CREATE INDEX form_check_channel_time ON form_check (workspace_id, channel_id, checked_at);

-- One outage of a form: the first and last failed checks, bounded by the good checks around them (the
-- outage began after last_good_before and ended before first_good_after).
CREATE TABLE form_outage (
    workspace_id      uuid        NOT NULL REFERENCES workspace (id),
    id                uuid        NOT NULL DEFAULT gen_random_uuid(),
    channel_id        uuid        NOT NULL,
    last_good_before  timestamptz,
    first_failed      timestamptz NOT NULL,
    last_failed       timestamptz NOT NULL,
    first_good_after  timestamptz NOT NULL,
    failed_checks     integer     NOT NULL,
    reason            text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, id),
    FOREIGN KEY (workspace_id, channel_id) REFERENCES channel (workspace_id, id)
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['form_submission', 'form_check', 'form_outage'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (workspace_id = current_workspace())', t);
        EXECUTE format('CREATE POLICY maintenance ON %I TO %I USING (true) WITH CHECK (true)', t, current_user);
        -- No DELETE: what a customer sent, and the monitor's record, are kept.
        EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO mokadesk_app', t);
    END LOOP;
END
$$;

-- A public form request names its form only by the key; the workspace follows from it. Runs as the owner
-- and returns only the channel the caller proves to know the key of.
CREATE INDEX channel_form_key ON channel ((settings ->> 'formKey')) WHERE type = 'form';
CREATE FUNCTION form_by_key(p_key text)
    RETURNS TABLE (workspace_id uuid, channel_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
    SELECT workspace_id, id FROM channel WHERE type = 'form' AND settings ->> 'formKey' = p_key
$$;

-- The forms the health monitor checks, across workspaces (a cluster-wide job).
CREATE FUNCTION forms_to_check()
    RETURNS TABLE (workspace_id uuid, channel_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
    SELECT workspace_id, id FROM channel WHERE type = 'form' AND enabled ORDER BY created_at, id
$$;

-- Submissions left pending (the conversation could not be created at once), across workspaces.
CREATE FUNCTION pending_form_submissions(p_limit integer)
    RETURNS TABLE (workspace_id uuid, id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
    SELECT workspace_id, id FROM form_submission WHERE state = 'pending' ORDER BY received_at LIMIT p_limit
$$;

REVOKE ALL ON FUNCTION form_by_key(text), forms_to_check(), pending_form_submissions(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION form_by_key(text), forms_to_check(), pending_form_submissions(integer) TO mokadesk_app;
