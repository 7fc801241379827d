-- Replies waiting to leave through a channel adapter (webhook for the api channel). Retried with backoff.
CREATE TABLE outbound_delivery (
    workspace_id     uuid        NOT NULL,
    message_id       uuid        NOT NULL,
    channel          text        NOT NULL,
    target           text        NOT NULL,
    payload          text        NOT NULL,
    state            text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    delivered_at     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, message_id),
    FOREIGN KEY (workspace_id, message_id) REFERENCES message (workspace_id, id)
);
CREATE INDEX outbound_delivery_due ON outbound_delivery (next_attempt_at) WHERE state = 'pending';
ALTER TABLE outbound_delivery ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbound_delivery FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON outbound_delivery USING (workspace_id = current_workspace());
GRANT SELECT, INSERT, UPDATE ON outbound_delivery TO mokadesk_app;

-- The dispatcher works for every workspace: it learns which deliveries are due (and takes them for a
-- while, so two nodes don't send the same one) and then handles each inside its own workspace.
CREATE FUNCTION claim_due_deliveries(p_limit integer, p_lease interval)
    RETURNS TABLE (workspace_id uuid, message_id uuid)
    LANGUAGE sql SECURITY DEFINER SET search_path = public
AS $$
    UPDATE outbound_delivery d SET next_attempt_at = now() + p_lease
      FROM (SELECT workspace_id, message_id FROM outbound_delivery
             WHERE state = 'pending' AND next_attempt_at <= now()
             ORDER BY next_attempt_at LIMIT p_limit FOR UPDATE SKIP LOCKED) due
     WHERE d.workspace_id = due.workspace_id AND d.message_id = due.message_id
    RETURNING d.workspace_id, d.message_id
$$;
REVOKE ALL ON FUNCTION claim_due_deliveries(integer, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claim_due_deliveries(integer, interval) TO mokadesk_app;

-- db-scheduler's table (cluster-safe scheduled work); not tenant data.
CREATE TABLE scheduled_tasks (
    task_name             text                     NOT NULL,
    task_instance         text                     NOT NULL,
    task_data             bytea,
    execution_time        timestamp with time zone NOT NULL,
    picked                boolean                  NOT NULL,
    picked_by             text,
    last_success          timestamp with time zone,
    last_failure          timestamp with time zone,
    consecutive_failures  integer,
    last_heartbeat        timestamp with time zone,
    version               bigint                   NOT NULL,
    priority              smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
GRANT SELECT, INSERT, UPDATE, DELETE ON scheduled_tasks TO mokadesk_app;
