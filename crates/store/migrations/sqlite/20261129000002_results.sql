-- The results registry (issue 13): result rows per programme. `fingerprint` is the hash
-- of the row's every field; unique per programme, so importing the same rows twice (or
-- two imports at once) never stores a row twice.
CREATE TABLE result_rows (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    programme_id         INTEGER NOT NULL REFERENCES programmes (id),
    date                 TEXT NOT NULL,
    year                 INTEGER NOT NULL,
    focus_area           TEXT NOT NULL,
    project              TEXT,
    organisation         TEXT,
    org_number           TEXT,
    new_jobs             INTEGER NOT NULL CHECK (new_jobs >= 0),
    secured_jobs         INTEGER NOT NULL CHECK (secured_jobs >= 0),
    projects_completed   INTEGER NOT NULL CHECK (projects_completed >= 0),
    applications_granted INTEGER NOT NULL CHECK (applications_granted >= 0),
    granted_amount       INTEGER NOT NULL CHECK (granted_amount >= 0),
    note                 TEXT,
    fingerprint          TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    created_by           INTEGER REFERENCES users (id),
    updated_at           TEXT NOT NULL,
    updated_by           INTEGER REFERENCES users (id),
    UNIQUE (programme_id, fingerprint)
);
CREATE INDEX result_rows_programme_year ON result_rows (programme_id, year, date);
