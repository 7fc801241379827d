-- Listening (issue 11): feed sources polled as channels of type 'feed', the entries of each that became
-- mention conversations, and the keyword rules that decide what is a mention.

-- Where the polling of one feed stands: the validators for a conditional GET, when to ask next, and how it
-- went last time. Failures count up for the backoff and back to 0 after a good answer.
CREATE TABLE feed_source (
    workspace_id    uuid        NOT NULL,
    channel_id      uuid        NOT NULL,
    etag            text,
    last_modified   text,
    next_poll_at    timestamptz NOT NULL DEFAULT now(),
    last_polled_at  timestamptz,
    last_ok_at      timestamptz,
    failures        integer     NOT NULL DEFAULT 0,
    -- unreachable, http, not_feed, too_big, tls, refused (null while the feed answers)
    error_kind      text,
    error_detail    text,
    entries_seen    integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_id, channel_id),
    FOREIGN KEY (workspace_id, channel_id) REFERENCES channel (workspace_id, id)
);

-- One entry of a feed that matched a keyword rule and became a message. A feed entry is the same entry
-- again when its id or its (unwrapped) link is already here, so a feed that reorders, re-dates or re-sends
-- its entries never makes a second mention.
CREATE TABLE feed_entry (
    workspace_id     uuid        NOT NULL,
    id               uuid        NOT NULL DEFAULT gen_random_uuid(),
    channel_id       uuid        NOT NULL,
    entry_key        text        NOT NULL,
    url              text,
    title            text,
    -- The keyword rules that matched, and where in the message text (pairs of UTF-16 offsets) to highlight.
    rules            text[]      NOT NULL,
    highlights       integer[]   NOT NULL DEFAULT '{}',
    message_id       uuid        NOT NULL,
    conversation_id  uuid        NOT NULL,
    published_at     timestamptz,
    imported_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, id),
    UNIQUE (workspace_id, channel_id, entry_key),
    FOREIGN KEY (workspace_id, channel_id) REFERENCES channel (workspace_id, id)
);
CREATE INDEX feed_entry_url ON feed_entry (workspace_id, channel_id, url);
CREATE INDEX feed_entry_message ON feed_entry (workspace_id, message_id);

-- A keyword rule of the listening module: the terms that name a brand, the terms that must not count,
-- and the channels it applies to (all when all_channels). channel_types follows from channel_ids when the
-- rule is saved, so a message that only says its channel type can be matched without asking channel.
-- Rules are configuration: deleting one leaves the mentions and tags it made.
CREATE TABLE keyword_rule (
    workspace_id     uuid        NOT NULL REFERENCES workspace (id),
    id               uuid        NOT NULL DEFAULT gen_random_uuid(),
    name             text        NOT NULL,
    terms            text[]      NOT NULL,
    exclude          text[]      NOT NULL DEFAULT '{}',
    fold_diacritics  boolean     NOT NULL DEFAULT false,
    all_channels     boolean     NOT NULL DEFAULT true,
    channel_ids      uuid[]      NOT NULL DEFAULT '{}',
    channel_types    text[]      NOT NULL DEFAULT '{}',
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, id)
);
CREATE UNIQUE INDEX keyword_rule_name ON keyword_rule (workspace_id, lower(name));

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['feed_source', 'feed_entry', 'keyword_rule'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (workspace_id = current_workspace())', t);
        EXECUTE format('CREATE POLICY maintenance ON %I TO %I USING (true) WITH CHECK (true)', t, current_user);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO mokadesk_app', t);
    END LOOP;
END
$$;
-- Only a rule may be deleted; the record of what a feed brought in is kept like the messages themselves.
GRANT DELETE ON keyword_rule TO mokadesk_app;

-- The feed sources whose next poll is due, across workspaces, for the polling job (which then works in
-- each source's workspace). Runs as the owner; hands out ids only.
CREATE FUNCTION feed_sources_due(p_limit integer)
    RETURNS TABLE (workspace_id uuid, channel_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
    SELECT c.workspace_id, c.id
      FROM channel c
      LEFT JOIN feed_source s ON s.workspace_id = c.workspace_id AND s.channel_id = c.id
     WHERE c.type = 'feed' AND c.enabled AND (s.next_poll_at IS NULL OR s.next_poll_at <= now())
     ORDER BY s.next_poll_at NULLS FIRST
     LIMIT p_limit
$$;
REVOKE ALL ON FUNCTION feed_sources_due(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION feed_sources_due(integer) TO mokadesk_app;
