CREATE TABLE contact (
    workspace_id  uuid        NOT NULL REFERENCES workspace (id),
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    name          text,
    email         text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, id)
);

-- One person can write from several channels; each handle points at one contact.
CREATE TABLE contact_identity (
    workspace_id  uuid NOT NULL,
    channel       text NOT NULL,
    handle        text NOT NULL,
    contact_id    uuid NOT NULL,
    PRIMARY KEY (workspace_id, channel, handle),
    FOREIGN KEY (workspace_id, contact_id) REFERENCES contact (workspace_id, id)
);

CREATE TABLE conversation (
    workspace_id      uuid        NOT NULL REFERENCES workspace (id),
    id                uuid        NOT NULL DEFAULT gen_random_uuid(),
    channel           text        NOT NULL,
    thread_key        text        NOT NULL,
    contact_id        uuid        NOT NULL,
    subject           text,
    is_public         boolean     NOT NULL DEFAULT false,
    status            text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'resolved')),
    priority          text        NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    assignee_id       uuid,
    tags              text[]      NOT NULL DEFAULT '{}',
    message_count     integer     NOT NULL DEFAULT 0,
    last_message_at   timestamptz NOT NULL,
    last_inbound_at   timestamptz,
    last_preview      text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, id),
    UNIQUE (workspace_id, channel, thread_key),
    FOREIGN KEY (workspace_id, contact_id) REFERENCES contact (workspace_id, id),
    FOREIGN KEY (workspace_id, assignee_id) REFERENCES membership (workspace_id, user_id)
);
CREATE INDEX conversation_inbox ON conversation (workspace_id, last_message_at DESC, id DESC);
CREATE INDEX conversation_status ON conversation (workspace_id, status, last_message_at DESC, id DESC);

CREATE TABLE message (
    workspace_id     uuid        NOT NULL,
    id               uuid        NOT NULL DEFAULT gen_random_uuid(),
    seq              bigint      GENERATED ALWAYS AS IDENTITY,
    conversation_id  uuid        NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('inbound', 'outbound', 'note')),
    channel          text        NOT NULL,
    external_id      text,
    author_name      text,
    author_handle    text,
    author_email     text,
    author_user_id   uuid,
    body             text        NOT NULL,
    is_public        boolean     NOT NULL DEFAULT false,
    received_at      timestamptz NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    hidden_at        timestamptz,
    hidden_by        text,
    hidden_reason    text,
    search           tsvector    GENERATED ALWAYS AS (to_tsvector('finnish', body)) STORED,
    PRIMARY KEY (workspace_id, id),
    FOREIGN KEY (workspace_id, conversation_id) REFERENCES conversation (workspace_id, id)
);
CREATE UNIQUE INDEX message_external ON message (workspace_id, channel, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX message_timeline ON message (workspace_id, conversation_id, received_at, seq);
CREATE INDEX message_search ON message USING gin (search);

-- Customer messages are permanent: nothing deletes them, and only the hiding fields may change.
CREATE FUNCTION message_guard() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'messages are never deleted; hide the message instead'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (NEW.workspace_id, NEW.id, NEW.conversation_id, NEW.kind, NEW.channel, NEW.external_id, NEW.author_name,
        NEW.author_handle, NEW.author_email, NEW.author_user_id, NEW.body, NEW.is_public, NEW.received_at,
        NEW.created_at)
       IS DISTINCT FROM
       (OLD.workspace_id, OLD.id, OLD.conversation_id, OLD.kind, OLD.channel, OLD.external_id, OLD.author_name,
        OLD.author_handle, OLD.author_email, OLD.author_user_id, OLD.body, OLD.is_public, OLD.received_at,
        OLD.created_at) THEN
        RAISE EXCEPTION 'a message is an immutable record; only hiding may change'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER message_permanent BEFORE UPDATE OR DELETE ON message
    FOR EACH ROW EXECUTE FUNCTION message_guard();
CREATE TRIGGER message_no_truncate BEFORE TRUNCATE ON message
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- When each person last read each conversation, for unread markers.
CREATE TABLE conversation_read (
    workspace_id     uuid        NOT NULL,
    conversation_id  uuid        NOT NULL,
    user_id          uuid        NOT NULL,
    read_at          timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, conversation_id, user_id),
    FOREIGN KEY (workspace_id, conversation_id) REFERENCES conversation (workspace_id, id)
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['contact', 'contact_identity', 'conversation', 'message', 'conversation_read'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (workspace_id = current_workspace())', t);
    END LOOP;
END
$$;
GRANT SELECT, INSERT ON contact, contact_identity, message TO mokadesk_app;
GRANT UPDATE (hidden_at, hidden_by, hidden_reason) ON message TO mokadesk_app;
GRANT SELECT, INSERT, UPDATE ON conversation, conversation_read TO mokadesk_app;
GRANT UPDATE (name, email) ON contact TO mokadesk_app;
