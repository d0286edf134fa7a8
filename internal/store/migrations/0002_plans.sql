-- Plans, goals, indicators, tasks, milestones and progress reports.
CREATE TABLE plans (
    id @ID@,
    name TEXT NOT NULL UNIQUE,
    year INTEGER NOT NULL,
    kind TEXT NOT NULL DEFAULT 'annual',
    start_date TEXT,
    end_date TEXT,
    owner_unit_id BIGINT REFERENCES units(id),
    cadence TEXT NOT NULL DEFAULT 'monthly',
    due_day INTEGER NOT NULL DEFAULT 0,
    severe_gap @FLOAT@ NOT NULL DEFAULT 20,
    due_soon_days INTEGER NOT NULL DEFAULT 5,
    archived BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE goals (
    id @ID@,
    plan_id BIGINT NOT NULL REFERENCES plans(id),
    parent_id BIGINT REFERENCES goals(id),
    code TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    sort INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX goals_plan ON goals(plan_id);

CREATE TABLE tasks (
    id @ID@,
    plan_id BIGINT NOT NULL REFERENCES plans(id),
    parent_id BIGINT REFERENCES tasks(id),
    goal_id BIGINT REFERENCES goals(id),
    number TEXT NOT NULL,
    title TEXT NOT NULL,
    content TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT 'routine',
    sector_id BIGINT REFERENCES sectors(id),
    responsible TEXT NOT NULL DEFAULT '',
    start_date TEXT,
    due_date TEXT,
    ongoing BOOLEAN NOT NULL DEFAULT FALSE,
    weight @FLOAT@ NOT NULL DEFAULT 1,
    cadence TEXT NOT NULL DEFAULT '',
    sort INTEGER NOT NULL DEFAULT 0,
    search_text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (plan_id, number)
);
CREATE INDEX tasks_parent ON tasks(parent_id);

CREATE TABLE task_units (
    task_id BIGINT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    role TEXT NOT NULL CHECK (role IN ('lead', 'co')),
    sort INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (task_id, unit_id)
);
CREATE INDEX task_units_unit ON task_units(unit_id);

CREATE TABLE task_fronts (
    task_id BIGINT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    front_id BIGINT NOT NULL REFERENCES fronts(id),
    PRIMARY KEY (task_id, front_id)
);

CREATE TABLE task_leaders (
    task_id BIGINT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people(id),
    sort INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (task_id, person_id)
);

CREATE TABLE milestones (
    id @ID@,
    task_id BIGINT NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    due_date TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    planned_pct @FLOAT@ NOT NULL,
    completed_on TEXT,
    evidence TEXT NOT NULL DEFAULT '',
    UNIQUE (task_id, seq)
);

CREATE TABLE indicators (
    id @ID@,
    plan_id BIGINT NOT NULL REFERENCES plans(id),
    goal_id BIGINT REFERENCES goals(id),
    task_id BIGINT REFERENCES tasks(id),
    name TEXT NOT NULL,
    measure TEXT NOT NULL DEFAULT '',
    baseline @FLOAT@ NOT NULL DEFAULT 0,
    target @FLOAT@ NOT NULL DEFAULT 0,
    direction TEXT NOT NULL DEFAULT 'up'
);
CREATE INDEX indicators_plan ON indicators(plan_id);

CREATE TABLE reports (
    id @ID@,
    task_id BIGINT NOT NULL REFERENCES tasks(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    period TEXT NOT NULL,
    report_date TEXT NOT NULL,
    progress @FLOAT@ NOT NULL,
    done_text TEXT NOT NULL DEFAULT '',
    problems TEXT NOT NULL DEFAULT '',
    next_steps TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    supersedes_id BIGINT REFERENCES reports(id),
    source TEXT NOT NULL DEFAULT 'web',
    milestone_ids TEXT NOT NULL DEFAULT '',
    author_id BIGINT,
    submitted_at TEXT,
    -- The first submission stays when a returned report is sent again, so
    -- that late reporting is judged on it.
    first_submitted_at TEXT,
    reviewer_id BIGINT,
    reviewed_at TEXT,
    review_comment TEXT NOT NULL DEFAULT '',
    -- The audit sequence of the approval: read models load approvals past
    -- the last one they saw.
    approved_seq BIGINT,
    created_at TEXT NOT NULL
);
CREATE INDEX reports_task ON reports(task_id, report_date);
CREATE INDEX reports_unit_status ON reports(unit_id, status);
CREATE INDEX reports_approved_seq ON reports(approved_seq);

CREATE TABLE indicator_values (
    id @ID@,
    indicator_id BIGINT NOT NULL REFERENCES indicators(id),
    value_date TEXT NOT NULL,
    value @FLOAT@ NOT NULL,
    report_id BIGINT REFERENCES reports(id),
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX indicator_values_indicator ON indicator_values(indicator_id, value_date);

CREATE TABLE report_files (
    id @ID@,
    report_id BIGINT NOT NULL REFERENCES reports(id),
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    data @BLOB@ NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX report_files_report ON report_files(report_id);
