-- Storm detection in the desk: message counts per series and 5-minute bucket, each series' detector state,
-- the storms found, their notifications and each workspace's storm settings.

-- Counts per series ('all', 'channel:<name>', 'negative', 'abusive') and bucket. Every node adds its own
-- counts (upsert-add), so a cluster sums up. Detection fills in what it expected for each closed bucket.
CREATE TABLE storm_count (
    workspace_id  uuid             NOT NULL REFERENCES workspace (id),
    series        text             NOT NULL,
    bucket_start  timestamptz      NOT NULL,
    count         bigint           NOT NULL DEFAULT 0 CHECK (count >= 0),
    expected      double precision,
    upper_band    double precision,
    score         double precision,
    PRIMARY KEY (workspace_id, series, bucket_start)
);

-- One detector per series: its state after the last bucket it has seen (empty for a new series).
CREATE TABLE storm_series (
    workspace_id  uuid        NOT NULL REFERENCES workspace (id),
    series        text        NOT NULL,
    last_bucket   timestamptz NOT NULL,
    state         bytea       NOT NULL,
    in_storm      boolean     NOT NULL DEFAULT false,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, series)
);
CREATE INDEX storm_series_due ON storm_series (last_bucket);

CREATE TABLE storm (
    workspace_id       uuid             NOT NULL REFERENCES workspace (id),
    id                 uuid             NOT NULL DEFAULT gen_random_uuid(),
    series             text             NOT NULL,
    onset              timestamptz      NOT NULL,
    last_bucket        timestamptz      NOT NULL,
    state              text             NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'ended')),
    magnitude          double precision NOT NULL,
    expected           double precision NOT NULL,
    observed           bigint           NOT NULL,
    upper_band         double precision NOT NULL,
    peak_count         bigint           NOT NULL,
    total_observed     bigint           NOT NULL,
    total_expected     double precision NOT NULL,
    buckets            integer          NOT NULL,
    top_terms          jsonb            NOT NULL DEFAULT '[]',
    top_conversations  jsonb            NOT NULL DEFAULT '[]',
    ended_at           timestamptz,
    created_at         timestamptz      NOT NULL DEFAULT now(),
    updated_at         timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, id),
    UNIQUE (workspace_id, series, onset)
);
CREATE INDEX storm_recent ON storm (workspace_id, onset DESC);

-- Per-workspace storm settings, edited by admins on the storms page.
CREATE TABLE storm_settings (
    workspace_id      uuid        NOT NULL REFERENCES workspace (id),
    chat_webhook_url  text,
    email_enabled     boolean     NOT NULL DEFAULT true,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id)
);

-- Notifications waiting to leave (chat webhook, email), written in the transaction that found the storm
-- and sent later by a cluster-safe job with retries.
CREATE TABLE storm_notification (
    workspace_id     uuid        NOT NULL,
    id               uuid        NOT NULL DEFAULT gen_random_uuid(),
    storm_id         uuid        NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('chat', 'email')),
    target           text        NOT NULL,
    subject          text        NOT NULL,
    body             text        NOT NULL,
    state            text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    sent_at          timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, id),
    FOREIGN KEY (workspace_id, storm_id) REFERENCES storm (workspace_id, id)
);
CREATE INDEX storm_notification_due ON storm_notification (next_attempt_at) WHERE state = 'pending';

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['storm_count', 'storm_series', 'storm', 'storm_settings', 'storm_notification'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant ON %I USING (workspace_id = current_workspace())', t);
        EXECUTE format('CREATE POLICY maintenance ON %I TO %I USING (true) WITH CHECK (true)', t, current_user);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO mokadesk_app', t);
    END LOOP;
END
$$;

-- The detection job works for every workspace: it learns which series have a closed bucket it has not
-- seen yet (the count flush registers new series here), then handles each inside its own workspace.
CREATE FUNCTION storm_due_series(p_last_closed timestamptz)
    RETURNS TABLE (workspace_id uuid, series text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
    SELECT s.workspace_id, s.series FROM storm_series s WHERE s.last_bucket < p_last_closed
$$;
REVOKE ALL ON FUNCTION storm_due_series(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION storm_due_series(timestamptz) TO mokadesk_app;

CREATE FUNCTION claim_due_storm_notifications(p_limit integer, p_lease interval)
    RETURNS TABLE (workspace_id uuid, id uuid)
    LANGUAGE sql SECURITY DEFINER SET search_path = public
AS $$
    UPDATE storm_notification n SET next_attempt_at = now() + p_lease
      FROM (SELECT workspace_id, id FROM storm_notification
             WHERE state = 'pending' AND next_attempt_at <= now()
             ORDER BY next_attempt_at LIMIT p_limit FOR UPDATE SKIP LOCKED) due
     WHERE n.workspace_id = due.workspace_id AND n.id = due.id
    RETURNING n.workspace_id, n.id
$$;
REVOKE ALL ON FUNCTION claim_due_storm_notifications(integer, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claim_due_storm_notifications(integer, interval) TO mokadesk_app;

-- Storm windows look up the inbound messages of a time range (top terms, busiest conversations).
CREATE INDEX message_received ON message (workspace_id, received_at) WHERE kind = 'inbound';
