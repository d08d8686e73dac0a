-- OpenID Connect identity providers, one row each, set up with `s136 sso add`.
CREATE TABLE sso_providers (
    id BIGSERIAL PRIMARY KEY,
    -- Short name in URLs (/sso/{name}/start) and on the sign-in button.
    name TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    issuer TEXT NOT NULL,
    client_id TEXT NOT NULL,
    client_secret TEXT NOT NULL,
    -- The ID token claim matched against usernames: email or preferred_username.
    claim TEXT NOT NULL CHECK (claim IN ('email', 'preferred_username')),
    -- Unknown users get an account (with this role and scope) only when set.
    create_users BOOLEAN NOT NULL DEFAULT FALSE,
    role TEXT CHECK (role IN ('officer', 'health', 'manager', 'admin')),
    force_id BIGINT REFERENCES forces (id),
    site_id BIGINT REFERENCES sites (id),
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL
);

-- A sign-in under way at a provider: bound to the browser's pre-session
-- cookie (by its hash), with the PKCE verifier and nonce it must come back
-- with. Used once, and only for ten minutes.
CREATE TABLE sso_logins (
    id BIGSERIAL PRIMARY KEY,
    state_hash TEXT NOT NULL UNIQUE,
    pre_session_hash TEXT NOT NULL,
    provider_id BIGINT NOT NULL REFERENCES sso_providers (id),
    pkce_verifier TEXT NOT NULL,
    nonce TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
