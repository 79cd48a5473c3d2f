-- API tokens get a public id (what lists and revocations name; never the hash), a label,
-- the time of their last use and an optional expiry. Existing tokens are carried forward:
-- they get a random public id, no label and no expiry, and keep working.
ALTER TABLE api_tokens
    ADD COLUMN public_id TEXT,
    ADD COLUMN label TEXT,
    ADD COLUMN last_used_at TIMESTAMPTZ,
    ADD COLUMN expires_at TIMESTAMPTZ;
UPDATE api_tokens SET public_id = substr(md5(random()::text || token_hash), 1, 12)
    WHERE public_id IS NULL;
ALTER TABLE api_tokens ALTER COLUMN public_id SET NOT NULL;
CREATE UNIQUE INDEX api_tokens_public_id ON api_tokens (public_id);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Security events (logins, failed logins …) record the client's address.
ALTER TABLE audit ADD COLUMN client TEXT;
