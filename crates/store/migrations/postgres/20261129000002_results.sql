-- The results registry (issue 13): result rows per programme. `fingerprint` is the hash
-- of the row's every field; unique per programme, so importing the same rows twice (or
-- two imports at once) never stores a row twice.
CREATE TABLE result_rows (
    id                   BIGSERIAL PRIMARY KEY,
    programme_id         BIGINT NOT NULL REFERENCES programmes (id),
    date                 TEXT NOT NULL,
    year                 BIGINT NOT NULL,
    focus_area           TEXT NOT NULL,
    project              TEXT,
    organisation         TEXT,
    org_number           TEXT,
    new_jobs             BIGINT NOT NULL CHECK (new_jobs >= 0),
    secured_jobs         BIGINT NOT NULL CHECK (secured_jobs >= 0),
    projects_completed   BIGINT NOT NULL CHECK (projects_completed >= 0),
    applications_granted BIGINT NOT NULL CHECK (applications_granted >= 0),
    granted_amount       BIGINT NOT NULL CHECK (granted_amount >= 0),
    note                 TEXT,
    fingerprint          TEXT NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    created_by           BIGINT REFERENCES users (id),
    updated_at           TIMESTAMPTZ NOT NULL,
    updated_by           BIGINT REFERENCES users (id),
    UNIQUE (programme_id, fingerprint)
);
CREATE INDEX result_rows_programme_year ON result_rows (programme_id, year, date);
