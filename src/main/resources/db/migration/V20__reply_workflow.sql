-- The reply workflow: drafts with four-eyes review, per-workspace review rules and people in training,
-- and reply templates. Drafts refer to conversations by id only: the conversation module owns those rows.

-- Review rules, the reply coach's settings (rules off, extra forbidden phrases by rule) and the tone guide of a
-- workspace; a missing row means the defaults (every rule on).
CREATE TABLE reply_settings (
    workspace_id            uuid        NOT NULL REFERENCES workspace (id),
    review_public_negative  boolean     NOT NULL DEFAULT true,
    review_in_training      boolean     NOT NULL DEFAULT true,
    review_open_incident    boolean     NOT NULL DEFAULT true,
    review_compensation     boolean     NOT NULL DEFAULT true,
    tone_guide              text        CHECK (length(tone_guide) <= 4000),
    coach_disabled_rules    text[]      NOT NULL DEFAULT '{}',
    coach_extra_phrases     jsonb       NOT NULL DEFAULT '{}',
    templates_seeded        boolean     NOT NULL DEFAULT false,
    updated_at              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id)
);

-- People whose replies a lead reads before they go out (the "in training" review rule).
CREATE TABLE reply_trainee (
    workspace_id  uuid        NOT NULL REFERENCES workspace (id),
    user_id       uuid        NOT NULL,
    since         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, user_id)
);

-- One reply on its way: draft -> in_review -> approved -> sending -> sent | failed. The author is a person
-- ('user:<id>') or an API token ('token:<id>'); approved_text is exactly what the reviewer approved.
CREATE TABLE reply_draft (
    workspace_id            uuid        NOT NULL REFERENCES workspace (id),
    id                      uuid        NOT NULL DEFAULT gen_random_uuid(),
    conversation_id         uuid        NOT NULL,
    state                   text        NOT NULL DEFAULT 'draft'
                                        CHECK (state IN ('draft', 'in_review', 'approved', 'sending', 'sent', 'failed')),
    text                    text        NOT NULL CHECK (length(text) <= 20000),
    is_public               boolean     NOT NULL,
    suggested               boolean     NOT NULL DEFAULT false,
    author_key              text        NOT NULL,
    author_user_id          uuid,
    author_name             text        NOT NULL,
    findings                jsonb       NOT NULL DEFAULT '[]',
    review_reasons          text[]      NOT NULL DEFAULT '{}',
    review_comment          text,
    reviewed_by             text,
    approved_text           text,
    approved_at             timestamptz,
    override_reason         text,
    base_inbound            integer     NOT NULL DEFAULT 0,
    base_outbound           integer     NOT NULL DEFAULT 0,
    customer_waiting_since  timestamptz,
    submitted_at            timestamptz,
    message_id              uuid,
    sent_at                 timestamptz,
    failure                 text,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, id)
);
-- The review queue: drafts waiting for a reviewer, the customer who has waited longest first.
CREATE INDEX reply_draft_review ON reply_draft (workspace_id, customer_waiting_since, submitted_at)
    WHERE state = 'in_review';
CREATE INDEX reply_draft_conversation ON reply_draft (workspace_id, conversation_id, updated_at DESC);

-- Reply templates ("makrot"): text with {{variables}}, per workspace and language.
CREATE TABLE reply_template (
    workspace_id  uuid        NOT NULL REFERENCES workspace (id),
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    language      text        NOT NULL CHECK (language IN ('fi', 'en')),
    body          text        NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    starter       text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, id),
    UNIQUE (workspace_id, language, name)
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['reply_settings', 'reply_trainee', 'reply_draft', 'reply_template'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (workspace_id = current_workspace())', t);
        EXECUTE format('CREATE POLICY maintenance ON %I TO %I USING (true) WITH CHECK (true)', t, current_user);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO mokadesk_app', t);
    END LOOP;
END
$$;
-- Templates and trainees can be removed; drafts and settings are never deleted.
GRANT DELETE ON reply_template, reply_trainee TO mokadesk_app;
