-- Reply drafts left in 'sending' by a desk that stopped between claiming the send and storing the reply
-- (issue 13). The sweep runs without a workspace, so it finds them through this function across workspaces
-- and then resolves each one inside its own workspace, with the row locked.
CREATE FUNCTION reply_drafts_left_sending(p_older_than interval)
    RETURNS TABLE (workspace_id uuid, id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
    SELECT workspace_id, id FROM reply_draft
     WHERE state = 'sending' AND updated_at < now() - p_older_than
     ORDER BY updated_at
     LIMIT 500
$$;
REVOKE ALL ON FUNCTION reply_drafts_left_sending(interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION reply_drafts_left_sending(interval) TO mokadesk_app;
