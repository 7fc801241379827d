-- Inbox search that finds what a Finnish speaker means and stays fast with a million conversations.
--
-- Every conversation keeps one search document: the lower-cased text of its messages, oldest first, up to
-- 10,000 characters. A trigram index over it answers substring questions, which is what Finnish needs:
-- a compound part ("paketti" in "kahvipaketti"), a stem shared by inflected forms ("hyvity" in
-- "hyvityksen") and a prefix ("kahvi" in "kahvipaketti") are all substrings. The application turns each
-- query word into such stems (fi.mokadesk.conversation.SearchTerms).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE conversation ADD COLUMN search_doc text NOT NULL DEFAULT '';

-- Existing conversations: their messages in the order they arrived, cut at the same length as new ones.
UPDATE conversation c
   SET search_doc = d.doc
  FROM (SELECT workspace_id, conversation_id,
               left(string_agg(lower(body), ' ' ORDER BY received_at, seq), 10000) AS doc
          FROM message
         GROUP BY workspace_id, conversation_id) d
 WHERE c.workspace_id = d.workspace_id AND c.id = d.conversation_id;

CREATE INDEX conversation_search ON conversation USING gin (search_doc gin_trgm_ops);

-- Kept on write, once per statement: an ingest batch of many messages updates each conversation once.
-- Runs with the rights of the writer, so row-level security applies as for the insert itself.
CREATE FUNCTION conversation_search_append() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE conversation c
       SET search_doc = left(CASE WHEN c.search_doc = '' THEN n.doc ELSE c.search_doc || ' ' || n.doc END, 10000)
      FROM (SELECT workspace_id, conversation_id, string_agg(lower(body), ' ' ORDER BY received_at, seq) AS doc
              FROM added
             GROUP BY workspace_id, conversation_id) n
     WHERE c.workspace_id = n.workspace_id
       AND c.id = n.conversation_id
       AND length(c.search_doc) < 10000;
    RETURN NULL;
END
$$;
CREATE TRIGGER message_searchable AFTER INSERT ON message
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION conversation_search_append();

-- The conversations of the current workspace whose search document contains, for every word, one of the
-- word's stems. Each element of `words` is one word's stems joined by '|', letters and digits only.
--
-- Why a function: under row-level security PostgreSQL evaluates the tenant policy before any condition
-- that is not leak-proof, and LIKE is not, so the application role's own query can never use the trigram
-- index. This function runs as the owner, which may read every row (policy `search` below; a superuser
-- owner needs none), uses the index, and applies the tenant condition itself. It returns ids and times only;
-- the caller joins them back to `conversation` under its own row-level security.
CREATE FUNCTION conversation_matches(words text[]) RETURNS TABLE (id uuid, last_message_at timestamptz)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
    ROWS 200
AS $$
DECLARE
    word      text;
    condition text := '';
    workspace uuid := current_workspace();
BEGIN
    IF workspace IS NULL OR words IS NULL OR cardinality(words) = 0 THEN
        RETURN;
    END IF;
    FOREACH word IN ARRAY words LOOP
        -- Only the LIKE wildcards and too short stems are refused: which characters count as letters is the
        -- caller's (Java's) rule, and a letter PostgreSQL's locale does not know must not turn into an error.
        IF word IS NULL OR word ~ '[%_\\]'
           OR EXISTS (SELECT 1 FROM unnest(string_to_array(word, '|')) stem WHERE length(stem) < 3) THEN
            RAISE EXCEPTION 'search stems are at least three characters, without LIKE wildcards, separated by |'
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        condition := condition || format(' AND c.search_doc LIKE ANY (%L::text[])',
                                         (SELECT array_agg('%' || stem || '%') FROM unnest(string_to_array(word, '|')) stem));
    END LOOP;
    RETURN QUERY EXECUTE 'SELECT c.id, c.last_message_at FROM conversation c WHERE c.workspace_id = $1' || condition USING workspace;
END
$$;
REVOKE ALL ON FUNCTION conversation_matches(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION conversation_matches(text[]) TO mokadesk_app;
CREATE POLICY search ON conversation FOR SELECT TO current_user USING (true);

-- "Minulle" (assigned to me) stays one index range even when a person has few conversations.
CREATE INDEX conversation_assignee ON conversation (workspace_id, assignee_id, last_message_at DESC, id DESC);

-- "Tarvitsee huomiota" (sort=attention): the same order as the inbox query, so its first page is read from
-- the index instead of sorting the whole workspace.
CREATE INDEX conversation_attention ON conversation (
    workspace_id, abusive DESC, (sentiment = 'negative') DESC NULLS LAST,
    (CASE urgency WHEN 'high' THEN 0 WHEN 'elevated' THEN 1 ELSE 2 END), last_message_at DESC, id DESC);
