-- Facebook Page, Instagram and WhatsApp (issue 12). Meta posts every event of every connected account to one
-- address; the raw signed body is kept in one insert before Meta hears 200, and processed afterwards.

-- Intake: the signed bodies as Meta sent them. A batch may span workspaces (several Pages of one app), so the
-- row belongs to no workspace until it is processed; only the desk's own processing reads it.
CREATE TABLE meta_intake (
    id               bigserial   PRIMARY KEY,
    received_at      timestamptz NOT NULL DEFAULT now(),
    object           text        NOT NULL,
    body             bytea       NOT NULL,
    -- 'pending' (stored, not yet processed), 'done', 'failed' (gave up after many attempts; kept for a person).
    state            text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    processed_at     timestamptz,
    last_error       text
);
CREATE INDEX meta_intake_pending ON meta_intake (next_attempt_at, id) WHERE state = 'pending';
-- No DELETE: what a customer sent is kept.
GRANT SELECT, INSERT, UPDATE ON meta_intake TO mokadesk_app;
GRANT USAGE ON SEQUENCE meta_intake_id_seq TO mokadesk_app;

-- What the desk knows of each platform object (a comment, a private message, a message we sent) beyond the
-- conversation's message: its place on the platform and its state there. Events may arrive in any order, so
-- each state carries the platform time of the event that set it and only a later event changes it.
CREATE TABLE meta_item (
    workspace_id      uuid        NOT NULL REFERENCES workspace (id),
    channel_id        uuid        NOT NULL,
    platform_id       text        NOT NULL,
    -- 'comment', 'message' (private, inbound), 'echo' (the account's own message or comment), 'sent' (ours)
    kind              text        NOT NULL CHECK (kind IN ('comment', 'message', 'echo', 'sent')),
    thread_id         text,
    parent_id         text,
    author_id         text,
    author_name       text,
    text              text,
    permalink         text,
    event_at          timestamptz,
    message_id        uuid,
    conversation_id   uuid,
    hidden            boolean     NOT NULL DEFAULT false,
    hidden_changed_ms bigint      NOT NULL DEFAULT 0,
    removed_at        timestamptz,
    edited_text       text,
    edited_ms         bigint      NOT NULL DEFAULT 0,
    -- move to private: the private reply's message, the other half's conversation, and the public answer
    private_reply_id  uuid,
    linked_conversation_id uuid,
    -- sent items: the platform's delivery status (sent, delivered, read, failed) and its reason
    status            text,
    status_ms         bigint      NOT NULL DEFAULT 0,
    status_error      text,
    -- sent items: the id the platform gave our comment or message (its echo and statuses name it)
    platform_ref      text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, channel_id, platform_id),
    FOREIGN KEY (workspace_id, channel_id) REFERENCES channel (workspace_id, id)
);
CREATE INDEX meta_item_message ON meta_item (workspace_id, message_id) WHERE message_id IS NOT NULL;
CREATE INDEX meta_item_conversation ON meta_item (workspace_id, conversation_id) WHERE conversation_id IS NOT NULL;
CREATE INDEX meta_item_ref ON meta_item (workspace_id, platform_ref) WHERE platform_ref IS NOT NULL;
CREATE INDEX meta_item_author ON meta_item (workspace_id, channel_id, author_id, event_at) WHERE kind = 'message';

ALTER TABLE meta_item ENABLE ROW LEVEL SECURITY;
ALTER TABLE meta_item FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON meta_item USING (workspace_id = current_workspace());
DO $$ BEGIN EXECUTE format('CREATE POLICY maintenance ON meta_item TO %I USING (true) WITH CHECK (true)', current_user); END $$;
GRANT SELECT, INSERT, UPDATE ON meta_item TO mokadesk_app;

-- Media that came with WhatsApp messages, downloaded through the Graph API: checked against Meta's SHA-256,
-- kept up to the size limit (larger files are listed with their type and size only).
CREATE TABLE meta_media (
    workspace_id  uuid        NOT NULL REFERENCES workspace (id),
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    channel_id    uuid        NOT NULL,
    platform_id   text        NOT NULL,
    media_id      text        NOT NULL,
    kind          text        NOT NULL,
    file_name     text,
    mime_type     text,
    size          bigint,
    sha256        text,
    content       bytea,
    note          text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, id),
    UNIQUE (workspace_id, channel_id, media_id),
    FOREIGN KEY (workspace_id, channel_id) REFERENCES channel (workspace_id, id)
);
CREATE INDEX meta_media_item ON meta_media (workspace_id, channel_id, platform_id);
ALTER TABLE meta_media ENABLE ROW LEVEL SECURITY;
ALTER TABLE meta_media FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON meta_media USING (workspace_id = current_workspace());
DO $$ BEGIN EXECUTE format('CREATE POLICY maintenance ON meta_media TO %I USING (true) WITH CHECK (true)', current_user); END $$;
GRANT SELECT, INSERT, UPDATE ON meta_media TO mokadesk_app;

-- The webhook names an account (Page, Instagram account, WhatsApp business account) and not a workspace: the
-- channel follows from it. Runs as the owner; returns only enabled channels of the Meta types.
CREATE INDEX channel_meta_account ON channel (type, (coalesce(settings ->> 'pageId', settings ->> 'instagramAccountId', settings ->> 'businessAccountId')))
    WHERE type IN ('facebook', 'instagram', 'whatsapp');
CREATE FUNCTION meta_channel_by_account(p_type text, p_account text)
    RETURNS TABLE (workspace_id uuid, channel_id uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
    SELECT workspace_id, id FROM channel
     WHERE type = p_type AND enabled
       AND coalesce(settings ->> 'pageId', settings ->> 'instagramAccountId', settings ->> 'businessAccountId') = p_account
     ORDER BY created_at, id
$$;

-- Meta's subscription check names only the verify token; channels keep its SHA-256 beside the sealed token.
CREATE FUNCTION meta_verify_token_known(p_sha256 text)
    RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
    SELECT exists (SELECT 1 FROM channel WHERE type IN ('facebook', 'instagram', 'whatsapp') AND enabled
                      AND settings ->> 'verifyTokenSha256' = p_sha256)
$$;

REVOKE ALL ON FUNCTION meta_channel_by_account(text, text), meta_verify_token_known(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION meta_channel_by_account(text, text), meta_verify_token_known(text) TO mokadesk_app;
