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
