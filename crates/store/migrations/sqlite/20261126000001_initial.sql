-- omstilling on SQLite: accounts, programmes, plan versions and the append-only audit.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    password_hash TEXT,
    global_role   TEXT CHECK (global_role IN ('admin', 'observer')),
    created_at    TEXT NOT NULL
);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL
);

CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);

CREATE TABLE login_failures (
    id  INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at  TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

CREATE TABLE programmes (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    area        TEXT NOT NULL,
    county      TEXT,
    period_from INTEGER NOT NULL,
    period_to   INTEGER NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE members (
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    user_id      INTEGER NOT NULL REFERENCES users (id),
    role         TEXT NOT NULL CHECK (role IN ('editor', 'board', 'viewer')),
    PRIMARY KEY (programme_id, user_id)
);

-- The head of each plan: which version is current, and its status.
CREATE TABLE plans (
    programme_id    INTEGER NOT NULL REFERENCES programmes (id),
    year            INTEGER NOT NULL,
    current_version INTEGER NOT NULL,
    status          TEXT NOT NULL,
    PRIMARY KEY (programme_id, year)
);

CREATE TABLE plan_versions (
    programme_id      INTEGER NOT NULL REFERENCES programmes (id),
    year              INTEGER NOT NULL,
    version           INTEGER NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('draft', 'board-approved', 'approved')),
    body              TEXT NOT NULL,
    sha256            TEXT NOT NULL,
    author_id         INTEGER REFERENCES users (id),
    created_at        TEXT NOT NULL,
    board_date        TEXT,
    board_reference   TEXT,
    council_date      TEXT,
    council_reference TEXT,
    pdf               BLOB,
    PRIMARY KEY (programme_id, year, version)
);

-- Saved versions are never changed or removed: only the PDF of a frozen version may be added.
CREATE TRIGGER plan_versions_no_delete BEFORE DELETE ON plan_versions
BEGIN
    SELECT RAISE(ABORT, 'plan versions are append-only');
END;

CREATE TABLE audit (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             TEXT NOT NULL,
    actor_id       INTEGER REFERENCES users (id),
    action         TEXT NOT NULL,
    programme_id   INTEGER REFERENCES programmes (id),
    object         TEXT NOT NULL,
    version_before INTEGER,
    version_after  INTEGER
);
CREATE INDEX audit_programme ON audit (programme_id, id);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit is append-only');
END;
