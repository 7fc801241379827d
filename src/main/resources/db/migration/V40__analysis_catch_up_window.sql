-- The analysis catch-up asks only about the messages since it last asked (a window the caller gives), not
-- about two days of messages every minute: with half a million messages in those two days the old question
-- read all of them and their analyses every minute (about a second of both cores of a small node). The
-- window is read through message_inbound_created; two days stay the outer limit.
DROP FUNCTION messages_without_analysis(integer, interval);
CREATE FUNCTION messages_without_analysis(p_limit integer, p_after timestamptz, p_until timestamptz)
    RETURNS TABLE (workspace_id uuid, message_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
    SELECT m.workspace_id, m.id FROM message m
     WHERE m.kind = 'inbound'
       AND m.created_at > greatest(p_after, now() - interval '2 days') AND m.created_at <= p_until
       AND NOT EXISTS (SELECT 1 FROM message_analysis a WHERE a.workspace_id = m.workspace_id AND a.message_id = m.id)
     ORDER BY m.created_at DESC
     LIMIT p_limit
$$;
REVOKE ALL ON FUNCTION messages_without_analysis(integer, timestamptz, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION messages_without_analysis(integer, timestamptz, timestamptz) TO mokadesk_app;

-- Up to when the catch-up has looked, so that after a restart, or on another node, it goes on from there (the
-- time the desk was down included) instead of asking about two days again. One row.
CREATE TABLE analysis_catch_up (
    singleton     boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    checked_up_to timestamptz NOT NULL
);
GRANT SELECT, INSERT, UPDATE ON analysis_catch_up TO mokadesk_app;
