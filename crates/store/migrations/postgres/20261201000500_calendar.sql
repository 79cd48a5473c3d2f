-- The year wheel and the calendar feed (issue 14).
-- A deadline's date a programme set for one year (the others take their default).
CREATE TABLE year_wheel_dates (
    programme_id BIGINT NOT NULL REFERENCES programmes (id),
    year         BIGINT NOT NULL,
    deadline     TEXT NOT NULL,
    date         TEXT NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    updated_by   BIGINT REFERENCES users (id),
    PRIMARY KEY (programme_id, year, deadline)
);
-- A user's secret calendar subscription address: only the SHA-256 of its token, at most
-- one per user (a new one replaces the old).
CREATE TABLE calendar_tokens (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL
);
