-- Inbox search reads each conversation's search document (V16). The per-message Finnish full-text vector
-- and its index served only the search before that, and cost every stored message a stemming pass and a
-- GIN index insert on the ingest path. The benchmark adds the vector back to its own database to measure the
-- old search as its baseline (scripts/dataset.sql).
DROP INDEX IF EXISTS message_search;
ALTER TABLE message DROP COLUMN IF EXISTS search;

-- The search document is written by the statements that write messages, in the same row write: the ingest
-- batch's conversation upsert and the reply/note update. The statement trigger of V16 wrote each
-- conversation of an ingest batch a second time, right after the upsert, which cost a new row version and
-- an entry in every index of `conversation`.
DROP TRIGGER IF EXISTS message_searchable ON message;
DROP FUNCTION IF EXISTS conversation_search_append();

-- `added` (lower-cased) appended to `doc` with a space, up to 10,000 characters; a full document stays as it is.
CREATE FUNCTION search_doc_append(doc text, added text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN length(doc) >= 10000 OR added IS NULL OR added = '' THEN doc
                WHEN doc = '' THEN left(lower(added), 10000)
                ELSE left(doc || ' ' || lower(added), 10000) END
$$;
