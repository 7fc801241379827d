-- Mokadesk connects as the owner (or superuser) only to migrate. Every application connection switches to
-- the role below, which owns nothing, so row-level security applies to it on every tenant table.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mokadesk_app') THEN
        CREATE ROLE mokadesk_app NOLOGIN;
    END IF;
END
$$;
-- The migrating user must be able to SET ROLE mokadesk_app (a superuser always can).
DO $$
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('GRANT mokadesk_app TO %I', current_user);
    END IF;
END
$$;
GRANT USAGE ON SCHEMA public TO mokadesk_app;

-- The workspace the current connection works for; NULL when none, so tenant tables show nothing.
CREATE FUNCTION current_workspace() RETURNS uuid
    LANGUAGE sql STABLE
AS $$ SELECT nullif(current_setting('mokadesk.workspace', true), '')::uuid $$;

CREATE TABLE workspace (
    id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name                  text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    outbound_webhook_url  text,
    webhook_secret        text        NOT NULL DEFAULT replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''),
    created_at            timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE workspace ENABLE ROW LEVEL SECURITY;
ALTER TABLE workspace FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_self ON workspace USING (id = current_workspace());
GRANT SELECT, UPDATE ON workspace TO mokadesk_app;

CREATE TABLE app_user (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email          text        NOT NULL,
    display_name   text        NOT NULL,
    password_hash  text        NOT NULL,
    enabled        boolean     NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX app_user_email ON app_user (lower(email));
-- People are global (one login for several workspaces); what they may see is decided by membership.
GRANT SELECT, INSERT, UPDATE ON app_user TO mokadesk_app;

CREATE TABLE membership (
    workspace_id  uuid        NOT NULL REFERENCES workspace (id),
    user_id       uuid        NOT NULL REFERENCES app_user (id),
    role          text        NOT NULL CHECK (role IN ('admin', 'lead', 'agent', 'viewer')),
    enabled       boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, user_id)
);
ALTER TABLE membership ENABLE ROW LEVEL SECURITY;
ALTER TABLE membership FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON membership USING (workspace_id = current_workspace());
GRANT SELECT, INSERT, UPDATE ON membership TO mokadesk_app;

CREATE TABLE api_token (
    workspace_id  uuid        NOT NULL REFERENCES workspace (id),
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    role          text        NOT NULL CHECK (role IN ('admin', 'lead', 'agent', 'viewer')),
    token_hash    text        NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz,
    PRIMARY KEY (workspace_id, id)
);
ALTER TABLE api_token ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_token FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON api_token USING (workspace_id = current_workspace());
GRANT SELECT, INSERT, UPDATE ON api_token TO mokadesk_app;

-- The two ways into a workspace before one is chosen: a person's memberships at login, and a bearer
-- token's owner. Both run as the table owner, return only what the caller proves to know, and nothing else.
CREATE FUNCTION memberships_of(p_user uuid)
    RETURNS TABLE (workspace_id uuid, workspace_name text, role text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
    SELECT m.workspace_id, w.name, m.role
      FROM membership m JOIN workspace w ON w.id = m.workspace_id
     WHERE m.user_id = p_user AND m.enabled
     ORDER BY w.created_at, w.name
$$;

CREATE FUNCTION token_lookup(p_hash text)
    RETURNS TABLE (workspace_id uuid, token_id uuid, name text, role text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
    SELECT workspace_id, id, name, role FROM api_token WHERE token_hash = p_hash AND revoked_at IS NULL
$$;

-- last_used_at is written at most once a minute per token, so busy integrations don't rewrite it per request.
CREATE FUNCTION token_touch(p_hash text) RETURNS void
    LANGUAGE sql SECURITY DEFINER SET search_path = public
AS $$
    UPDATE api_token SET last_used_at = now()
     WHERE token_hash = p_hash AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
$$;

-- Creating a workspace happens before it exists, so it cannot pass its own policy.
CREATE FUNCTION create_workspace(p_name text) RETURNS uuid
    LANGUAGE sql SECURITY DEFINER SET search_path = public
AS $$ INSERT INTO workspace (name) VALUES (p_name) RETURNING id $$;

REVOKE ALL ON FUNCTION memberships_of(uuid), token_lookup(text), token_touch(text), create_workspace(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION memberships_of(uuid), token_lookup(text), token_touch(text), create_workspace(text), current_workspace() TO mokadesk_app;
