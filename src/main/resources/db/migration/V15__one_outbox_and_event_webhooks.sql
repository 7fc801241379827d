-- One outbox for everything that leaves Mokadesk (issue 8 §2): replies of every channel, storm emails and
-- chat posts, audit heads and event webhooks. It replaces outbound_delivery, storm_notification and
-- audit_head_delivery, whose rows move here unchanged in meaning.
--
-- A row's life: pending -> sending (claimed, leased) -> sent | failed | uncertain, or back to pending for
-- a later attempt after a passing failure. A row still 'sending' when its lease has run out belongs to a
-- node that stopped mid-send: it becomes 'uncertain' and waits for a person, because it may have arrived.
-- Failed and uncertain rows go back to pending only when a person retries them.
CREATE TABLE outbox (
    workspace_id     uuid        NOT NULL REFERENCES workspace (id),
    id               uuid        NOT NULL DEFAULT gen_random_uuid(),
    kind             text        NOT NULL CHECK (kind IN ('reply', 'mail', 'chat', 'event', 'audit_head')),
    -- What makes two requests the same delivery (a reply's message id, 'storm:<id>:chat' …): a second
    -- request with the same key is the first one, never a second send.
    idempotency_key  text        NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 500),
    target           text        NOT NULL DEFAULT '',
    channel          text,
    channel_id       uuid,
    subscription_id  uuid,
    conversation_id  uuid,
    reference        text,
    subject          text,
    payload          text        NOT NULL,
    state            text        NOT NULL DEFAULT 'pending'
                                 CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'uncertain')),
    attempts         integer     NOT NULL DEFAULT 0,
    max_attempts     integer     NOT NULL DEFAULT 8 CHECK (max_attempts BETWEEN 1 AND 100),
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    lease_until      timestamptz,
    last_error       text,
    sent_at          timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, id),
    UNIQUE (workspace_id, idempotency_key)
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX outbox_sending ON outbox (lease_until) WHERE state = 'sending';
CREATE INDEX outbox_list ON outbox (workspace_id, created_at DESC, id);
CREATE INDEX outbox_subscription ON outbox (workspace_id, subscription_id, created_at DESC) WHERE subscription_id IS NOT NULL;
ALTER TABLE outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON outbox USING (workspace_id = current_workspace());
DO $$
BEGIN
    EXECUTE format('CREATE POLICY maintenance ON outbox TO %I USING (true) WITH CHECK (true)', current_user);
END
$$;
GRANT SELECT, INSERT, UPDATE ON outbox TO mokadesk_app;

-- The replies waiting to leave, and their history. A reply's delivery keeps the message's id as its own,
-- so the conversation page and the API name it the same way.
INSERT INTO outbox (workspace_id, id, kind, idempotency_key, target, channel, channel_id, conversation_id,
                    reference, payload, state, attempts, next_attempt_at, last_error, sent_at, created_at)
SELECT d.workspace_id, d.message_id, 'reply', d.message_id::text, d.target, d.channel, d.channel_id,
       m.conversation_id, d.message_id::text, d.payload,
       CASE d.state WHEN 'delivered' THEN 'sent' ELSE d.state END,
       d.attempts, d.next_attempt_at, d.last_error, d.delivered_at, d.created_at
  FROM outbound_delivery d JOIN message m ON m.workspace_id = d.workspace_id AND m.id = d.message_id;

-- Storm notifications: chat bodies are already the JSON posted; an email's body is its text.
INSERT INTO outbox (workspace_id, id, kind, idempotency_key, target, reference, subject, payload, state,
                    attempts, next_attempt_at, last_error, sent_at, created_at)
SELECT workspace_id, id, CASE kind WHEN 'email' THEN 'mail' ELSE 'chat' END,
       CASE kind WHEN 'chat' THEN 'storm:' || storm_id || ':chat' ELSE 'storm:' || storm_id || ':email:' || target END,
       target, storm_id::text, subject, body, state,
       attempts, next_attempt_at, last_error, sent_at, created_at
  FROM storm_notification
    ON CONFLICT (workspace_id, idempotency_key) DO NOTHING;

-- Audit heads: the body the anchor used to build at send time is built here once.
INSERT INTO outbox (workspace_id, kind, idempotency_key, target, reference, payload, state, attempts,
                    next_attempt_at, last_error, sent_at, created_at)
SELECT d.workspace_id, 'audit_head', 'audit-head:' || d.seq, d.target, d.seq::text,
       json_build_object('event', 'audit.head', 'version', 1, 'workspaceId', d.workspace_id, 'seq', d.seq,
                         'hash', h.hash,
                         'at', to_char(h.entry_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                         'publishedAt', to_char(h.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))::text,
       CASE d.state WHEN 'delivered' THEN 'sent' ELSE d.state END,
       d.attempts, d.next_attempt_at, d.last_error, d.delivered_at, h.published_at
  FROM audit_head_delivery d JOIN audit_head h USING (workspace_id, seq);

DROP FUNCTION claim_due_deliveries(integer, interval);
DROP FUNCTION claim_due_storm_notifications(integer, interval);
DROP FUNCTION claim_due_audit_head_deliveries(integer, interval);
DROP TABLE outbound_delivery;
DROP TABLE storm_notification;
DROP TABLE audit_head_delivery;
-- Their jobs are gone too; the outbox has one.
DELETE FROM scheduled_tasks WHERE task_name IN ('storm-notifications', 'audit-anchor-delivery');

-- The dispatcher works for every workspace. It takes due rows (moving them to 'sending' with a lease, so
-- two nodes never send the same one: SKIP LOCKED passes over rows another node is taking right now) and
-- then handles each inside its own workspace. The attempt is counted when it starts.
CREATE FUNCTION claim_outbox(p_limit integer, p_lease interval)
    RETURNS TABLE (workspace_id uuid, id uuid)
    LANGUAGE sql SECURITY DEFINER SET search_path = public
AS $$
    UPDATE outbox o SET state = 'sending', lease_until = now() + p_lease, attempts = o.attempts + 1,
                        updated_at = now()
      FROM (SELECT workspace_id, id FROM outbox
             WHERE state = 'pending' AND next_attempt_at <= now()
             ORDER BY next_attempt_at LIMIT p_limit FOR UPDATE SKIP LOCKED) due
     WHERE o.workspace_id = due.workspace_id AND o.id = due.id
    RETURNING o.workspace_id, o.id
$$;

-- Rows left 'sending' after their lease: the node stopped between sending and writing down the answer.
-- Whether the receiver got it is unknown, so the row is never sent again by itself.
CREATE FUNCTION expire_outbox_leases()
    RETURNS TABLE (workspace_id uuid, id uuid, kind text, conversation_id uuid)
    LANGUAGE sql SECURITY DEFINER SET search_path = public
AS $$
    UPDATE outbox o SET state = 'uncertain', lease_until = NULL, updated_at = now(),
                        last_error = 'sending was interrupted (the desk stopped); it may or may not have arrived'
      FROM (SELECT workspace_id, id FROM outbox
             WHERE state = 'sending' AND lease_until < now()
             FOR UPDATE SKIP LOCKED) lost
     WHERE o.workspace_id = lost.workspace_id AND o.id = lost.id
    RETURNING o.workspace_id, o.id, o.kind, o.conversation_id
$$;
REVOKE ALL ON FUNCTION claim_outbox(integer, interval), expire_outbox_leases() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claim_outbox(integer, interval), expire_outbox_leases() TO mokadesk_app;

-- Event webhooks (issue 8 §4): an admin subscribes a URL to events. The secret signs every body; it is
-- AES-GCM ciphertext made by the application, like channel secrets. A removed subscription stays (with
-- removed_at) so its delivery log remains readable.
CREATE TABLE webhook_subscription (
    workspace_id  uuid        NOT NULL REFERENCES workspace (id),
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    url           text        NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
    events        text[]      NOT NULL CHECK (cardinality(events) >= 1),
    secret        text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    removed_at    timestamptz,
    PRIMARY KEY (workspace_id, id)
);
CREATE INDEX webhook_subscription_active ON webhook_subscription (workspace_id) WHERE removed_at IS NULL;
ALTER TABLE webhook_subscription ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_subscription FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON webhook_subscription USING (workspace_id = current_workspace());
DO $$
BEGIN
    EXECUTE format('CREATE POLICY maintenance ON webhook_subscription TO %I USING (true) WITH CHECK (true)',
                   current_user);
END
$$;
GRANT SELECT, INSERT, UPDATE ON webhook_subscription TO mokadesk_app;
