-- Module boundaries in the schema: a module reads another module's data only through a read view the owner
-- declares (named in the README module map) or through the owner's facade. Every view runs with the rights of
-- whoever reads it (security_invoker), so row-level security of the tables below applies unchanged.

-- Owned by workspace: the people of the current workspace with their display name and role, for assignee
-- names in the inbox and the assignment check.
CREATE VIEW people_directory WITH (security_invoker = true) AS
    SELECT m.workspace_id, m.user_id, u.display_name, m.role, m.enabled
      FROM membership m JOIN app_user u ON u.id = m.user_id;
GRANT SELECT ON people_directory TO mokadesk_app;

-- Owned by workspace: the workspaces a connection may see (the operator's restore report counts them).
CREATE VIEW workspace_directory WITH (security_invoker = true) AS
    SELECT id, name, created_at FROM workspace;
GRANT SELECT ON workspace_directory TO mokadesk_app;

-- Owned by conversation: how many messages each visible workspace holds (the restore report).
CREATE VIEW message_totals WITH (security_invoker = true) AS
    SELECT workspace_id, count(*) AS messages, count(*) FILTER (WHERE kind = 'inbound') AS customer_messages
      FROM message GROUP BY workspace_id;
GRANT SELECT ON message_totals TO mokadesk_app;

-- Owned by conversation: the labels the conversation view shows on each customer message, kept from the
-- analysis module's MessageAnalyzed and LabelCorrected events (an agent's correction wins over the model).
CREATE TABLE message_label (
    workspace_id  uuid    NOT NULL,
    message_id    uuid    NOT NULL,
    language      text    NOT NULL,
    sentiment     text    NOT NULL,
    category      text,
    abusive       boolean NOT NULL,
    urgency       text    NOT NULL,
    urgency_cues  text[]  NOT NULL DEFAULT '{}',
    why           text    NOT NULL DEFAULT '',
    corrected     text[]  NOT NULL DEFAULT '{}',
    PRIMARY KEY (workspace_id, message_id),
    FOREIGN KEY (workspace_id, message_id) REFERENCES message (workspace_id, id)
);
ALTER TABLE message_label ENABLE ROW LEVEL SECURITY;
ALTER TABLE message_label FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON message_label USING (workspace_id = current_workspace());
CREATE POLICY maintenance ON message_label TO CURRENT_USER USING (true) WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE ON message_label TO mokadesk_app;

-- What the desk already knew: the analyses stored so far with the agents' latest corrections, and the words
-- behind the labels in the form the conversation view shows ("sentiment: huono, myöhässä · category: paketti").
INSERT INTO message_label (workspace_id, message_id, language, sentiment, category, abusive, urgency, urgency_cues,
                           why, corrected)
SELECT a.workspace_id, a.message_id, a.language,
       coalesce(cs.corrected, a.sentiment),
       coalesce(cc.corrected, a.category),
       coalesce(ca.corrected::boolean, a.abusive),
       a.urgency, a.urgency_cues,
       coalesce((SELECT string_agg(e.key || ': ' || (SELECT string_agg(t.term ->> 'term', ', ' ORDER BY t.n)
                                                         FROM json_array_elements(e.value) WITH ORDINALITY AS t(term, n)),
                                   ' · ' ORDER BY e.n)
                   FROM json_each(a.explanation::json) WITH ORDINALITY AS e(key, value, n)
                  WHERE json_typeof(e.value) = 'array' AND json_array_length(e.value) > 0), ''),
       array_remove(ARRAY[CASE WHEN cs.corrected IS NOT NULL THEN 'sentiment' END,
                          CASE WHEN cc.corrected IS NOT NULL THEN 'category' END,
                          CASE WHEN ca.corrected IS NOT NULL THEN 'abusive' END], NULL)
  FROM message_analysis a
  LEFT JOIN LATERAL (SELECT corrected FROM analysis_correction c WHERE c.workspace_id = a.workspace_id
                        AND c.message_id = a.message_id AND c.task = 'sentiment' ORDER BY corrected_at DESC LIMIT 1) cs ON true
  LEFT JOIN LATERAL (SELECT corrected FROM analysis_correction c WHERE c.workspace_id = a.workspace_id
                        AND c.message_id = a.message_id AND c.task = 'category' ORDER BY corrected_at DESC LIMIT 1) cc ON true
  LEFT JOIN LATERAL (SELECT corrected FROM analysis_correction c WHERE c.workspace_id = a.workspace_id
                        AND c.message_id = a.message_id AND c.task = 'abusive' ORDER BY corrected_at DESC LIMIT 1) ca ON true;

-- Owned by channel: the enabled channels of every workspace, for the scheduled health check (which then works
-- inside each workspace).
CREATE FUNCTION channels_to_check() RETURNS TABLE (workspace_id uuid, channel_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
    SELECT workspace_id, id FROM channel WHERE enabled ORDER BY workspace_id, created_at, id
$$;
REVOKE ALL ON FUNCTION channels_to_check() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION channels_to_check() TO mokadesk_app;
