-- API tokens get a public id (what lists and revocations name; never the hash), a label,
-- the time of their last use and an optional expiry. Existing tokens are carried forward:
-- they get a random public id, no label and no expiry, and keep working.
ALTER TABLE api_tokens ADD COLUMN public_id TEXT;
ALTER TABLE api_tokens ADD COLUMN label TEXT;
ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT;
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
UPDATE api_tokens SET public_id = lower(hex(randomblob(6))) WHERE public_id IS NULL;
CREATE UNIQUE INDEX api_tokens_public_id ON api_tokens (public_id);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Security events (logins, failed logins …) record the client's address.
ALTER TABLE audit ADD COLUMN client TEXT;
