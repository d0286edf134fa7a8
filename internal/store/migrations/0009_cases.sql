-- Supervision cases (督办件): the case, its units and tasks, its timeline,
-- co-units' parts, extension requests, ratings, attachments, the yearly
-- number sequence and the office's settings.
CREATE TABLE cases (
    id @ID@,
    number TEXT NOT NULL UNIQUE,
    year INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    title TEXT NOT NULL,
    content TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL,
    urgency TEXT NOT NULL,
    leader_id BIGINT REFERENCES people(id),
    lead_unit_id BIGINT NOT NULL REFERENCES units(id),
    limit_days INTEGER NOT NULL DEFAULT 0,
    limit_date TEXT,
    deadline TEXT,
    original_deadline TEXT,
    window_start TEXT,
    state TEXT NOT NULL,
    round INTEGER NOT NULL DEFAULT 1,
    progress @FLOAT@ NOT NULL DEFAULT 0,
    returned BOOLEAN NOT NULL DEFAULT FALSE,
    return_count INTEGER NOT NULL DEFAULT 0,
    reopen_count INTEGER NOT NULL DEFAULT 0,
    rating TEXT NOT NULL DEFAULT '',
    escalation INTEGER NOT NULL DEFAULT 0,
    raised_by_id BIGINT,
    raised_by TEXT NOT NULL DEFAULT '',
    signed_by_id BIGINT,
    signed_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    assigned_at TEXT,
    sign_due TEXT,
    signed_at TEXT,
    reported_at TEXT,
    closed_at TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (year, seq)
);
CREATE INDEX cases_state ON cases(state, deadline);
CREATE INDEX cases_leader ON cases(leader_id);

-- Every unit of a case, the lead unit included, so that a unit's inbox is
-- one indexed lookup.
CREATE TABLE case_units (
    case_id BIGINT NOT NULL REFERENCES cases(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    role TEXT NOT NULL CHECK (role IN ('lead', 'co')),
    sort INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (case_id, unit_id)
);
CREATE INDEX case_units_unit ON case_units(unit_id, case_id);

CREATE TABLE case_tasks (
    case_id BIGINT NOT NULL REFERENCES cases(id),
    task_id BIGINT NOT NULL REFERENCES tasks(id),
    PRIMARY KEY (case_id, task_id)
);
CREATE INDEX case_tasks_task ON case_tasks(task_id);

-- The timeline: every step, timestamped and attributed.
CREATE TABLE case_events (
    id @ID@,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    kind TEXT NOT NULL,
    at TEXT NOT NULL,
    actor_id BIGINT,
    actor TEXT NOT NULL DEFAULT '',
    unit_id BIGINT REFERENCES units(id),
    from_state TEXT NOT NULL DEFAULT '',
    to_state TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    progress @FLOAT@ NOT NULL DEFAULT 0,
    from_date TEXT,
    to_date TEXT,
    rating TEXT NOT NULL DEFAULT '',
    round INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX case_events_case ON case_events(case_id, id);

CREATE TABLE case_parts (
    id @ID@,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    round INTEGER NOT NULL,
    body TEXT NOT NULL,
    by_id BIGINT,
    by_name TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    UNIQUE (case_id, unit_id, round)
);

CREATE TABLE case_extensions (
    id @ID@,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    reason TEXT NOT NULL,
    from_date TEXT NOT NULL,
    to_date TEXT NOT NULL,
    state TEXT NOT NULL,
    requested_by TEXT NOT NULL DEFAULT '',
    requested_at TEXT NOT NULL,
    decided_by TEXT NOT NULL DEFAULT '',
    decided_at TEXT,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_extensions_case ON case_extensions(case_id);

CREATE TABLE case_files (
    id @ID@,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    event_id BIGINT REFERENCES case_events(id),
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    data @BLOB@ NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX case_files_case ON case_files(case_id);

-- The last sequence number given out per year.
CREATE TABLE case_numbers (
    year INTEGER PRIMARY KEY,
    last_seq INTEGER NOT NULL
);

-- The office's rules: one row, absent until first saved (the defaults
-- live in the code).
CREATE TABLE case_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    number_pattern TEXT NOT NULL,
    sign_hours INTEGER NOT NULL,
    office_hours TEXT NOT NULL,
    blue_days INTEGER NOT NULL,
    remind_days INTEGER NOT NULL,
    urge_at_deadline BOOLEAN NOT NULL,
    notice_after_days INTEGER NOT NULL,
    talk_after_days INTEGER NOT NULL,
    reopen_days INTEGER NOT NULL,
    task_case_days INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);

-- Ratings by whoever raised a case, one per closing round.
CREATE TABLE case_ratings (
    id @ID@,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    round INTEGER NOT NULL,
    rating TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    by_id BIGINT,
    by_name TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    UNIQUE (case_id, round)
);
