-- People get the same protection as tenant data. The application role sees only the accounts of the
-- current workspace's members and its own, never a password hash, and changes accounts only through the
-- SECURITY DEFINER functions below, each of which checks who is asking. Sign-in throttling moves into the
-- database so that every node counts the same failures, and invitations wait for the invitee to accept.

-- One comparison key for an email address, used for storage, look-up and the sign-in throttle alike:
-- Unicode compatibility normalisation, then this database's own case folding. Folding twice in
-- different places (Java and SQL) once let 'vİewer@…' sign in to the locked account 'viewer@…'.
CREATE FUNCTION email_key(p_email text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT lower(normalize(btrim(p_email, E' \t\r\n'), NFKC)) $$;

-- The person the current transaction acts for (set with set_config('mokadesk.user', …, true) after
-- sign-in); NULL when none.
CREATE FUNCTION current_app_user() RETURNS uuid
    LANGUAGE sql STABLE
AS $$ SELECT nullif(current_setting('mokadesk.user', true), '')::uuid $$;

ALTER TABLE app_user
    ADD COLUMN password_one_time        boolean NOT NULL DEFAULT false,
    ADD COLUMN password_change_required boolean NOT NULL DEFAULT false,
    ADD COLUMN password_changed_at      timestamptz;
UPDATE app_user SET email = email_key(email) WHERE email IS DISTINCT FROM email_key(email);
DROP INDEX app_user_email;
CREATE UNIQUE INDEX app_user_email ON app_user (email);
ALTER TABLE app_user ADD CONSTRAINT app_user_email_normalised CHECK (email = email_key(email));

ALTER TABLE app_user ENABLE ROW LEVEL SECURITY;
ALTER TABLE app_user FORCE ROW LEVEL SECURITY;
-- Oneself, and the colleagues of the current workspace (names on assignments, the admin's people page).
-- The membership sub-query is itself limited to the current workspace by membership's own policy.
CREATE POLICY self_or_colleague ON app_user FOR SELECT TO mokadesk_app
    USING (id = current_app_user() OR id IN (SELECT user_id FROM membership WHERE workspace_id = current_workspace()));
REVOKE ALL ON app_user FROM mokadesk_app;
GRANT SELECT (id, email, display_name, enabled, created_at) ON app_user TO mokadesk_app;

-- Memberships appear only through an accepted invitation or as the first admin of a new workspace.
REVOKE INSERT ON membership FROM mokadesk_app;

CREATE TABLE invitation (
    workspace_id  uuid        NOT NULL REFERENCES workspace (id),
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    email         text        NOT NULL CHECK (email = email_key(email)),
    display_name  text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
    role          text        NOT NULL CHECK (role IN ('admin', 'lead', 'agent', 'viewer')),
    token_hash    text        NOT NULL UNIQUE,
    created_by    uuid,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    accepted_at   timestamptz,
    accepted_by   uuid,
    revoked_at    timestamptz,
    PRIMARY KEY (workspace_id, id)
);
CREATE INDEX invitation_pending ON invitation (workspace_id, email) WHERE accepted_at IS NULL AND revoked_at IS NULL;
ALTER TABLE invitation ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitation FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant ON invitation USING (workspace_id = current_workspace());
GRANT SELECT, INSERT, UPDATE ON invitation TO mokadesk_app;

-- Failed sign-ins per account and per source address in the current window, shared by all nodes. Only
-- the functions below touch it; a recurring job deletes windows that have passed.
CREATE TABLE sign_in_failure (
    scope         text        NOT NULL CHECK (scope IN ('account', 'address')),
    key           text        NOT NULL,
    window_start  timestamptz NOT NULL,
    failures      integer     NOT NULL,
    PRIMARY KEY (scope, key)
);
ALTER TABLE sign_in_failure ENABLE ROW LEVEL SECURITY;
ALTER TABLE sign_in_failure FORCE ROW LEVEL SECURITY;

-- memberships_of answers only for the person the transaction acts for: anyone else's id gives nothing.
CREATE OR REPLACE FUNCTION memberships_of(p_user uuid)
    RETURNS TABLE (workspace_id uuid, workspace_name text, role text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
    SELECT m.workspace_id, w.name, m.role
      FROM membership m JOIN workspace w ON w.id = m.workspace_id JOIN app_user u ON u.id = m.user_id
     WHERE m.user_id = p_user AND p_user = current_app_user() AND m.enabled AND u.enabled
     ORDER BY w.created_at, w.name
$$;

-- What password sign-in needs, for the one account the caller names.
CREATE FUNCTION sign_in_lookup(p_email text)
    RETURNS TABLE (id uuid, email text, display_name text, password_hash text, enabled boolean,
                   password_one_time boolean, password_change_required boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
    SELECT id, email, display_name, password_hash, enabled, password_one_time, password_change_required
      FROM app_user WHERE email = email_key(p_email)
$$;

CREATE FUNCTION desk_has_people() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT exists (SELECT 1 FROM app_user) $$;

-- The very first account of an empty desk, admin of the given (new) workspace. A generated password
-- (printed once in the log) must be replaced at the first sign-in.
CREATE FUNCTION create_first_admin(p_workspace uuid, p_email text, p_name text, p_hash text,
                                   p_change_required boolean) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
AS $$
DECLARE v_user uuid;
BEGIN
    IF exists (SELECT 1 FROM app_user) THEN
        RAISE EXCEPTION 'the desk already has people' USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO app_user (email, display_name, password_hash, password_change_required)
         VALUES (email_key(p_email), p_name, p_hash, p_change_required)
      RETURNING id INTO v_user;
    INSERT INTO membership (workspace_id, user_id, role) VALUES (p_workspace, v_user, 'admin');
    RETURN v_user;
END
$$;

-- The first admin of a workspace that has nobody yet (a workspace just created by create_workspace).
CREATE FUNCTION add_first_admin(p_workspace uuid, p_user uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
AS $$
BEGIN
    IF exists (SELECT 1 FROM membership WHERE workspace_id = p_workspace) THEN
        RAISE EXCEPTION 'the workspace already has members' USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO membership (workspace_id, user_id, role) VALUES (p_workspace, p_user, 'admin');
END
$$;

-- A person changes their own password (the application has checked the current one).
CREATE FUNCTION set_own_password(p_hash text) RETURNS boolean
    LANGUAGE sql SECURITY DEFINER SET search_path = public
AS $$
    UPDATE app_user SET password_hash = p_hash, password_one_time = false, password_change_required = false,
                        password_changed_at = now()
     WHERE id = current_app_user()
    RETURNING true
$$;

-- A one-time password works once: the sign-in that used it replaces it (atomically, so two sign-ins
-- racing with the same one-time password cannot both win) and the person must choose a new one.
CREATE FUNCTION consume_one_time_password(p_used_hash text, p_new_hash text) RETURNS boolean
    LANGUAGE sql SECURITY DEFINER SET search_path = public
AS $$
    UPDATE app_user SET password_hash = p_new_hash, password_one_time = false, password_change_required = true
     WHERE id = current_app_user() AND password_one_time AND password_hash = p_used_hash
    RETURNING true
$$;

-- An admin sets a one-time password for a member of the current workspace. Refused unless the caller is
-- an active admin here and an active admin of every other workspace the member works in, so an admin of
-- one workspace cannot take over an account that opens another.
CREATE FUNCTION reset_member_password(p_user uuid, p_hash text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
AS $$
BEGIN
    IF NOT exists (SELECT 1 FROM membership WHERE workspace_id = current_workspace()
                     AND user_id = current_app_user() AND role = 'admin' AND enabled) THEN
        RETURN 'not_admin';
    END IF;
    IF NOT exists (SELECT 1 FROM membership WHERE workspace_id = current_workspace() AND user_id = p_user) THEN
        RETURN 'not_member';
    END IF;
    IF exists (SELECT 1 FROM membership m
                WHERE m.user_id = p_user AND m.enabled
                  AND NOT exists (SELECT 1 FROM membership a WHERE a.workspace_id = m.workspace_id
                                     AND a.user_id = current_app_user() AND a.role = 'admin' AND a.enabled)) THEN
        RETURN 'other_workspaces';
    END IF;
    UPDATE app_user SET password_hash = p_hash, password_one_time = true, password_change_required = true
     WHERE id = p_user;
    RETURN 'ok';
END
$$;

-- What the holder of an invitation link may know: the invitation itself and whether its email already
-- has an account (then they sign in to accept instead of creating one).
CREATE FUNCTION invitation_lookup(p_token_hash text)
    RETURNS TABLE (workspace_id uuid, invitation_id uuid, workspace_name text, email text, display_name text,
                   role text, expires_at timestamptz, usable boolean, existing_user uuid)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
    SELECT i.workspace_id, i.id, w.name, i.email, i.display_name, i.role, i.expires_at,
           i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now(),
           (SELECT u.id FROM app_user u WHERE u.email = i.email)
      FROM invitation i JOIN workspace w ON w.id = i.workspace_id
     WHERE i.token_hash = p_token_hash
$$;

-- Accepting: a new person creates their account (p_hash given), or the person signed in as the invited
-- email (current_app_user) joins. Returns the account's id, or NULL when the invitation is not usable.
CREATE FUNCTION accept_invitation(p_token_hash text, p_name text, p_hash text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
AS $$
DECLARE
    v_inv  invitation%ROWTYPE;
    v_user uuid;
BEGIN
    SELECT * INTO v_inv FROM invitation WHERE token_hash = p_token_hash FOR UPDATE;
    IF NOT FOUND OR v_inv.accepted_at IS NOT NULL OR v_inv.revoked_at IS NOT NULL OR v_inv.expires_at <= now() THEN
        RETURN NULL;
    END IF;
    SELECT id INTO v_user FROM app_user WHERE email = v_inv.email;
    IF v_user IS NULL THEN
        IF p_hash IS NULL THEN RETURN NULL; END IF;
        INSERT INTO app_user (email, display_name, password_hash, password_changed_at)
             VALUES (v_inv.email, coalesce(nullif(p_name, ''), v_inv.display_name), p_hash, now())
          RETURNING id INTO v_user;
    ELSIF v_user IS DISTINCT FROM current_app_user() THEN
        RETURN NULL;
    END IF;
    INSERT INTO membership (workspace_id, user_id, role) VALUES (v_inv.workspace_id, v_user, v_inv.role)
        ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role, enabled = true;
    UPDATE invitation SET accepted_at = now(), accepted_by = v_user
     WHERE workspace_id = v_inv.workspace_id AND id = v_inv.id;
    RETURN v_user;
END
$$;

-- Sign-in throttle. A window starts at the first failure and lasts p_window; the counts of both scopes
-- come back so the caller can decide (limits are configuration, not schema).
CREATE FUNCTION sign_in_failures(p_email text, p_address text, p_now timestamptz, p_window interval)
    RETURNS TABLE (account_failures integer, address_failures integer)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
    SELECT coalesce((SELECT failures FROM sign_in_failure WHERE scope = 'account' AND key = email_key(p_email)
                        AND window_start + p_window > p_now), 0),
           coalesce((SELECT failures FROM sign_in_failure WHERE scope = 'address' AND key = coalesce(p_address, '')
                        AND window_start + p_window > p_now), 0)
$$;

CREATE FUNCTION sign_in_failed(p_email text, p_address text, p_now timestamptz, p_window interval)
    RETURNS TABLE (account_failures integer, address_failures integer)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
AS $$
BEGIN
    INSERT INTO sign_in_failure AS f (scope, key, window_start, failures)
    VALUES ('account', email_key(p_email), p_now, 1), ('address', coalesce(p_address, ''), p_now, 1)
    ON CONFLICT (scope, key) DO UPDATE
       SET failures = CASE WHEN f.window_start + p_window > p_now THEN f.failures + 1 ELSE 1 END,
           window_start = CASE WHEN f.window_start + p_window > p_now THEN f.window_start ELSE p_now END;
    RETURN QUERY SELECT * FROM sign_in_failures(p_email, p_address, p_now, p_window);
END
$$;

-- A successful sign-in clears the account's count (not the address's: one good password must not
-- reset the count of an address that is guessing at many accounts).
CREATE FUNCTION sign_in_succeeded(p_email text) RETURNS void
    LANGUAGE sql SECURITY DEFINER SET search_path = public
AS $$ DELETE FROM sign_in_failure WHERE scope = 'account' AND key = email_key(p_email) $$;

CREATE FUNCTION sign_in_cleanup(p_now timestamptz, p_window interval) RETURNS integer
    LANGUAGE sql SECURITY DEFINER SET search_path = public
AS $$
    WITH gone AS (DELETE FROM sign_in_failure WHERE window_start + p_window <= p_now RETURNING 1)
    SELECT count(*)::integer FROM gone
$$;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['app_user', 'invitation', 'sign_in_failure'] LOOP
        EXECUTE format('CREATE POLICY maintenance ON %I TO %I USING (true) WITH CHECK (true)', t, current_user);
    END LOOP;
END
$$;

REVOKE ALL ON FUNCTION sign_in_lookup(text), desk_has_people(), create_first_admin(uuid, text, text, text, boolean),
    add_first_admin(uuid, uuid), set_own_password(text), consume_one_time_password(text, text),
    reset_member_password(uuid, text), invitation_lookup(text), accept_invitation(text, text, text),
    sign_in_failures(text, text, timestamptz, interval), sign_in_failed(text, text, timestamptz, interval),
    sign_in_succeeded(text), sign_in_cleanup(timestamptz, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION email_key(text), current_app_user(), sign_in_lookup(text), desk_has_people(),
    create_first_admin(uuid, text, text, text, boolean), add_first_admin(uuid, uuid), set_own_password(text),
    consume_one_time_password(text, text), reset_member_password(uuid, text), invitation_lookup(text),
    accept_invitation(text, text, text), sign_in_failures(text, text, timestamptz, interval),
    sign_in_failed(text, text, timestamptz, interval), sign_in_succeeded(text), sign_in_cleanup(timestamptz, interval)
    TO mokadesk_app;
