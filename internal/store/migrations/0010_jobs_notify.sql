-- Background jobs, coordinated through the database so that any number of
-- instances share them: a job is claimed by one instance at a time (a lease
-- with an owner and an expiry), and recurring jobs are inserted once per
-- slot under a unique key, whichever instance gets there first.
CREATE TABLE jobs (
    id @ID@,
    kind TEXT NOT NULL,
    -- unique_key makes scheduling idempotent ("escalation-sweep:2023-07-15T09:00");
    -- NULL for jobs that need none (NULLs never collide on either engine).
    unique_key TEXT,
    payload TEXT NOT NULL DEFAULT '{}',
    run_at TEXT NOT NULL,
    -- pending (waiting for run_at), running (leased), done, failed (gave up).
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 5,
    last_error TEXT NOT NULL DEFAULT '',
    lease_owner TEXT NOT NULL DEFAULT '',
    lease_until TEXT,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
);
CREATE UNIQUE INDEX jobs_unique_key ON jobs(unique_key);
-- What the runner polls: due pending jobs, and leases to recover.
CREATE INDEX jobs_due ON jobs(state, run_at);

-- Notifications: every one reaches the recipient's in-app inbox; the same
-- event never notifies a recipient twice (dedupe_key).
CREATE TABLE notifications (
    id @ID@,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    dedupe_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at TEXT,
    -- waiting for the recipient's daily digest
    digest_pending BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (account_id, dedupe_key)
);
CREATE INDEX notifications_inbox ON notifications(account_id, id);
-- The unread count in every page's menu reads only this index.
CREATE INDEX notifications_unread ON notifications(account_id) WHERE read_at IS NULL;
CREATE INDEX notifications_digest ON notifications(account_id) WHERE digest_pending;

-- A person's choices: channels besides the inbox, and daily digests.
CREATE TABLE notify_prefs (
    account_id BIGINT PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    channels TEXT NOT NULL DEFAULT '',
    digest BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at TEXT NOT NULL
);

-- The sysadmin's channel settings (secrets included: they are never
-- returned by the API or shown on a page).
CREATE TABLE notify_channels (
    channel TEXT PRIMARY KEY,
    enabled BOOLEAN NOT NULL DEFAULT FALSE,
    config TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL
);

-- One row per message to send on a channel: a notification, or a day's
-- digest. A row is claimed (sending, with a lease) before it is sent and
-- marked sent or failed after, so that neither a second instance nor a
-- restart sends it twice.
CREATE TABLE deliveries (
    id @ID@,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    notification_id BIGINT REFERENCES notifications(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    -- "n:<notification id>" or "digest:<date>"
    dedupe_key TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    run_at TEXT NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    lease_owner TEXT NOT NULL DEFAULT '',
    lease_until TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    UNIQUE (account_id, channel, dedupe_key)
);
CREATE INDEX deliveries_due ON deliveries(state, run_at);
