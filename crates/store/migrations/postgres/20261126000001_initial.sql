-- omstilling on PostgreSQL: accounts, programmes, plan versions and the append-only audit.
CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    password_hash TEXT,
    global_role   TEXT CHECK (global_role IN ('admin', 'observer')),
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    csrf_token   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE login_failures (
    id  BIGSERIAL PRIMARY KEY,
    key TEXT NOT NULL,
    at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

CREATE TABLE programmes (
    id          BIGSERIAL PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    area        TEXT NOT NULL,
    county      TEXT,
    period_from BIGINT NOT NULL,
    period_to   BIGINT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE members (
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    user_id      BIGINT NOT NULL REFERENCES users (id),
    role         TEXT NOT NULL CHECK (role IN ('editor', 'board', 'viewer')),
    PRIMARY KEY (programme_id, user_id)
);

-- The head of each plan: which version is current, and its status.
CREATE TABLE plans (
    programme_id    BIGINT NOT NULL REFERENCES programmes (id),
    year            BIGINT NOT NULL,
    current_version BIGINT NOT NULL,
    status          TEXT NOT NULL,
    PRIMARY KEY (programme_id, year)
);

CREATE TABLE plan_versions (
    programme_id      BIGINT NOT NULL REFERENCES programmes (id),
    year              BIGINT NOT NULL,
    version           BIGINT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('draft', 'board-approved', 'approved')),
    body              TEXT NOT NULL,
    sha256            TEXT NOT NULL,
    author_id         BIGINT REFERENCES users (id),
    created_at        TIMESTAMPTZ NOT NULL,
    board_date        TEXT,
    board_reference   TEXT,
    council_date      TEXT,
    council_reference TEXT,
    pdf               BYTEA,
    PRIMARY KEY (programme_id, year, version)
);

CREATE TABLE audit (
    id             BIGSERIAL PRIMARY KEY,
    at             TIMESTAMPTZ NOT NULL,
    actor_id       BIGINT REFERENCES users (id),
    action         TEXT NOT NULL,
    programme_id   BIGINT REFERENCES programmes (id),
    object         TEXT NOT NULL,
    version_before BIGINT,
    version_after  BIGINT
);
CREATE INDEX audit_programme ON audit (programme_id, id);

-- Append-only, enforced by the database for every client, not only this program.
CREATE FUNCTION omstilling_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION omstilling_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION omstilling_append_only();
CREATE TRIGGER plan_versions_no_delete BEFORE DELETE ON plan_versions
    FOR EACH ROW EXECUTE FUNCTION omstilling_append_only();
