-- Emails through the installation's mail server (kind 'mail' without a channel) are claimed only by a node
-- that has a mail server configured. A node without one (a configuration being rolled out, a node started
-- with other settings) would otherwise spend the row's attempts on "no mail server" and push it into long
-- backoff, while a node that could send it waits; every place that queues such an email checks first that
-- its node can send it, so such rows always have a node that takes them.
DROP FUNCTION claim_outbox(integer, interval);

CREATE FUNCTION claim_outbox(p_limit integer, p_lease interval, p_desk_mail boolean)
    RETURNS TABLE (workspace_id uuid, id uuid)
    LANGUAGE sql SECURITY DEFINER SET search_path = public
AS $$
    UPDATE outbox o SET state = 'sending', lease_until = now() + p_lease, attempts = o.attempts + 1,
                        updated_at = now()
      FROM (SELECT workspace_id, id FROM outbox
             WHERE state = 'pending' AND next_attempt_at <= now()
               AND (p_desk_mail OR kind <> 'mail' OR channel_id IS NOT NULL)
             ORDER BY next_attempt_at LIMIT p_limit FOR UPDATE SKIP LOCKED) due
     WHERE o.workspace_id = due.workspace_id AND o.id = due.id
    RETURNING o.workspace_id, o.id
$$;
REVOKE ALL ON FUNCTION claim_outbox(integer, interval, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claim_outbox(integer, interval, boolean) TO mokadesk_app;
