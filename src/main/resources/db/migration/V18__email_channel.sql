-- The email channel (issue 10): what each mailbox has been read up to, every imported mail as it came,
-- its attachments, the threads replies leave by, and the replies sent over SMTP. Mails are never deleted,
-- like the messages they became.

-- Where the import of one mailbox stands. A mail counts as read only once its conversation row is
-- committed (the import writes last_uid after that), so a crash re-reads at most the last few mails; the
-- (message_key) uniqueness of email_mail and the externalId of the message make the second read a no-op.
CREATE TABLE email_mailbox (
    workspace_id  uuid        NOT NULL,
    channel_id    uuid        NOT NULL,
    folder        text        NOT NULL,
    uid_validity  bigint,
    last_uid      bigint      NOT NULL DEFAULT 0,
    last_poll_at  timestamptz,
    imported      bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_id, channel_id),
    FOREIGN KEY (workspace_id, channel_id) REFERENCES channel (workspace_id, id)
);

-- One imported mail. message_key is the dedupe key across restarts and UIDVALIDITY changes: a hash of the
-- Message-ID and the content. message_id / conversation_id name the conversation message it became.
CREATE TABLE email_mail (
    workspace_id     uuid        NOT NULL,
    id               uuid        NOT NULL,
    channel_id       uuid        NOT NULL,
    message_key      text        NOT NULL,
    header_message_id text,
    in_reply_to      text,
    mail_references  text,
    uid_validity     bigint,
    uid              bigint,
    from_address     text,
    from_name        text,
    reply_to         text,
    subject          text,
    content_sha256   text        NOT NULL,
    headers          text        NOT NULL,
    text_body        text,
    html_body        text,
    quoted_text      text,
    quoted_from      integer,
    size_bytes       bigint      NOT NULL,
    auto_reply       boolean     NOT NULL DEFAULT false,
    bounce           boolean     NOT NULL DEFAULT false,
    list_mail        boolean     NOT NULL DEFAULT false,
    forwarded_by     text,
    problems         text,
    thread_key       text        NOT NULL,
    message_id       uuid        NOT NULL,
    conversation_id  uuid        NOT NULL,
    received_at      timestamptz NOT NULL,
    imported_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, id),
    UNIQUE (workspace_id, message_key),
    FOREIGN KEY (workspace_id, channel_id) REFERENCES channel (workspace_id, id)
);
CREATE INDEX email_mail_header_id ON email_mail (workspace_id, header_message_id);
CREATE INDEX email_mail_message ON email_mail (workspace_id, message_id);
CREATE INDEX email_mail_sender ON email_mail (workspace_id, lower(from_address), received_at DESC);

-- Attachments and inline images, content kept when within the size limits (refused_reason otherwise).
CREATE TABLE email_attachment (
    workspace_id    uuid        NOT NULL,
    id              uuid        NOT NULL,
    mail_id         uuid        NOT NULL,
    message_id      uuid        NOT NULL,
    position        integer     NOT NULL,
    file_name       text        NOT NULL,
    content_type    text        NOT NULL,
    content_id      text,
    is_inline       boolean     NOT NULL DEFAULT false,
    size_bytes      bigint      NOT NULL,
    sha256          text,
    content         bytea,
    refused_reason  text,
    PRIMARY KEY (workspace_id, id),
    UNIQUE (workspace_id, mail_id, position),
    FOREIGN KEY (workspace_id, mail_id) REFERENCES email_mail (workspace_id, id)
);
CREATE INDEX email_attachment_message ON email_attachment (workspace_id, message_id);

-- The mailbox each conversation thread came in by (replies leave by the same one) and its subject token.
CREATE TABLE email_thread (
    workspace_id  uuid        NOT NULL,
    thread_key    text        NOT NULL,
    channel_id    uuid        NOT NULL,
    token         text        NOT NULL,
    subject       text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, thread_key),
    UNIQUE (workspace_id, token),
    FOREIGN KEY (workspace_id, channel_id) REFERENCES channel (workspace_id, id)
);

-- Replies handed to SMTP. A row in 'sending' is written and committed before the SMTP transaction, so a
-- crash between the server's acceptance and recording it is noticed and never sends the same reply twice.
CREATE TABLE email_sent (
    workspace_id      uuid        NOT NULL,
    message_id        uuid        NOT NULL,
    channel_id        uuid        NOT NULL,
    header_message_id text        NOT NULL,
    thread_key        text,
    recipient         text        NOT NULL,
    state             text        NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
    last_error        text,
    attempted_at      timestamptz NOT NULL DEFAULT now(),
    sent_at           timestamptz,
    PRIMARY KEY (workspace_id, message_id),
    FOREIGN KEY (workspace_id, channel_id) REFERENCES channel (workspace_id, id)
);
CREATE INDEX email_sent_header_id ON email_sent (workspace_id, header_message_id);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['email_mailbox', 'email_mail', 'email_attachment', 'email_thread', 'email_sent'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (workspace_id = current_workspace())', t);
        EXECUTE format('CREATE POLICY maintenance ON %I TO %I USING (true) WITH CHECK (true)', t, current_user);
        -- No DELETE: an imported mail, like the message it became, is kept.
        EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO mokadesk_app', t);
    END LOOP;
END
$$;

-- The poller works for every workspace: which enabled email channels exist, and when each was last read.
CREATE FUNCTION email_channels_to_poll()
    RETURNS TABLE (workspace_id uuid, channel_id uuid, poll_seconds integer, last_poll_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
    SELECT c.workspace_id, c.id,
           CASE WHEN (c.settings->>'pollSeconds') ~ '^[0-9]{1,6}$' THEN (c.settings->>'pollSeconds')::integer ELSE 30 END,
           m.last_poll_at
      FROM channel c
      LEFT JOIN email_mailbox m ON m.workspace_id = c.workspace_id AND m.channel_id = c.id
     WHERE c.type = 'email' AND c.enabled
$$;
REVOKE ALL ON FUNCTION email_channels_to_poll() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION email_channels_to_poll() TO mokadesk_app;
