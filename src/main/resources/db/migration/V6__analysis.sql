-- What the analysis found in each inbound message. Kept apart from the message itself, which is an
-- immutable record; a newer model may write a new row version later.
CREATE TABLE message_analysis (
    workspace_id     uuid        NOT NULL,
    message_id       uuid        NOT NULL,
    language         text        NOT NULL,
    sentiment        text        NOT NULL,
    sentiment_scores text        NOT NULL,
    toxicity         text        NOT NULL,
    abusive          boolean     NOT NULL,
    abusive_score    real        NOT NULL,
    category         text        NOT NULL,
    urgency          text        NOT NULL,
    urgency_cues     text[]      NOT NULL DEFAULT '{}',
    explanation      text        NOT NULL,
    model_version    text        NOT NULL,
    analyzed_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, message_id),
    FOREIGN KEY (workspace_id, message_id) REFERENCES message (workspace_id, id)
);

-- An agent's correction of a label: shown instead of the model's, and kept as future training data.
CREATE TABLE analysis_correction (
    workspace_id  uuid        NOT NULL,
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    message_id    uuid        NOT NULL,
    task          text        NOT NULL CHECK (task IN ('sentiment', 'category', 'abusive', 'language')),
    predicted     text,
    corrected     text        NOT NULL,
    corrected_by  text        NOT NULL,
    corrected_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, id),
    FOREIGN KEY (workspace_id, message_id) REFERENCES message (workspace_id, id)
);
CREATE INDEX analysis_correction_message ON analysis_correction (workspace_id, message_id, corrected_at DESC);

-- The inbox sorts and filters by the latest customer message's tone, kind of problem and abuse.
ALTER TABLE conversation
    ADD COLUMN sentiment text,
    ADD COLUMN category  text,
    ADD COLUMN urgency   text,
    ADD COLUMN abusive   boolean NOT NULL DEFAULT false;
CREATE INDEX conversation_sentiment ON conversation (workspace_id, sentiment, last_message_at DESC, id DESC);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['message_analysis', 'analysis_correction'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (workspace_id = current_workspace())', t);
        EXECUTE format('CREATE POLICY maintenance ON %I TO %I USING (true) WITH CHECK (true)', t, current_user);
    END LOOP;
END
$$;
GRANT SELECT, INSERT, UPDATE ON message_analysis TO mokadesk_app;
GRANT SELECT, INSERT ON analysis_correction TO mokadesk_app;

CREATE INDEX message_inbound_created ON message (created_at) WHERE kind = 'inbound';

-- Customer messages of the last two days that have no analysis yet (a node stopped before analysing, or the message is older
-- than the analysis), across workspaces, for the catch-up job.
CREATE FUNCTION messages_without_analysis(p_limit integer, p_older_than interval)
    RETURNS TABLE (workspace_id uuid, message_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
    SELECT m.workspace_id, m.id FROM message m
     WHERE m.kind = 'inbound' AND m.created_at < now() - p_older_than
       AND m.created_at > now() - interval '2 days'
       AND NOT EXISTS (SELECT 1 FROM message_analysis a WHERE a.workspace_id = m.workspace_id AND a.message_id = m.id)
     ORDER BY m.created_at DESC
     LIMIT p_limit
$$;
REVOKE ALL ON FUNCTION messages_without_analysis(integer, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION messages_without_analysis(integer, interval) TO mokadesk_app;
