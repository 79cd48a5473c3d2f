-- E-mail (issue 14): an address per account, reminders on or off, and the outbox every
-- reminder and notice is recorded in before it is sent.
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN reminders BOOLEAN NOT NULL DEFAULT TRUE;

-- One row per message; `dedup_key` names what it is about and for whom
-- (`reminder/{programme}/{year}/{deadline}/{date}/{days}/{user}`,
-- `notice/{programme}/{kind}/{key}/{version}/{user}`), so enqueueing twice (a restart,
-- two processes) keeps one. Times that are compared are Unix seconds.
CREATE TABLE mail_outbox (
    id              BIGSERIAL PRIMARY KEY,
    dedup_key       TEXT NOT NULL UNIQUE,
    user_id         BIGINT NOT NULL REFERENCES users (id),
    address         TEXT NOT NULL,
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    claimed_until   BIGINT,
    created_at      TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ,
    last_error      TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'pending';
