-- The escalation sweep, 约谈 (talks), 问责 (accountability) and 容错免责
-- (exemptions).

-- How far the reminders about a case not signed in time have gone
-- (domain.SignAlert: 0 none, 1 the unit reminded, 2 the office told).
ALTER TABLE cases ADD COLUMN sign_alert INTEGER NOT NULL DEFAULT 0;

-- What the sweep selects: open cases by the rung they reached and their
-- deadline (a rung falls due when the deadline is on or before a threshold
-- the sweep works out once), and cases waiting to be signed. Closed cases,
-- however many accumulate over the years, are in neither index.
CREATE INDEX cases_ladder ON cases(escalation, deadline) WHERE state IN ('assigned', 'working');
CREATE INDEX cases_unsigned ON cases(sign_due) WHERE state = 'assigned' AND sign_alert < 2;

-- One row per sweep: when, as of which day, and what it did.
CREATE TABLE escalation_runs (
    id @ID@,
    as_of TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    duration_ms INTEGER NOT NULL DEFAULT 0,
    -- the job occurrence ("case.escalate:2023-07-15T09:00") or who ran it
    triggered_by TEXT NOT NULL DEFAULT '',
    cases INTEGER NOT NULL DEFAULT 0,
    reminds INTEGER NOT NULL DEFAULT 0,
    urges INTEGER NOT NULL DEFAULT 0,
    notices INTEGER NOT NULL DEFAULT 0,
    talks INTEGER NOT NULL DEFAULT 0,
    sign_reminds INTEGER NOT NULL DEFAULT 0,
    sign_overdues INTEGER NOT NULL DEFAULT 0,
    notifications INTEGER NOT NULL DEFAULT 0
);

-- Each step a sweep recorded (the timeline event it wrote).
CREATE TABLE escalation_run_items (
    run_id BIGINT NOT NULL REFERENCES escalation_runs(id),
    case_id BIGINT NOT NULL REFERENCES cases(id),
    event_id BIGINT REFERENCES case_events(id),
    kind TEXT NOT NULL
);
CREATE INDEX escalation_run_items_run ON escalation_run_items(run_id);
-- The office's list of 约谈 proposals reads only these events.
CREATE INDEX case_events_talk_proposal ON case_events(case_id) WHERE kind = 'talk_proposal';

-- 约谈: who talked to whom, when, why and what was promised.
CREATE TABLE talks (
    id @ID@,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    state TEXT NOT NULL,
    proposal BOOLEAN NOT NULL DEFAULT FALSE,
    planned_on TEXT,
    held_on TEXT,
    talker_id BIGINT REFERENCES people(id),
    talker TEXT NOT NULL DEFAULT '',
    talkee_id BIGINT REFERENCES people(id),
    talkee TEXT NOT NULL DEFAULT '',
    reasons TEXT NOT NULL,
    commitments TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created_by_id BIGINT,
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL DEFAULT '',
    recorded_at TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX talks_unit ON talks(unit_id, id);

CREATE TABLE talk_cases (
    talk_id BIGINT NOT NULL REFERENCES talks(id),
    case_id BIGINT NOT NULL REFERENCES cases(id),
    PRIMARY KEY (talk_id, case_id)
);
CREATE INDEX talk_cases_case ON talk_cases(case_id);

CREATE TABLE talk_tasks (
    talk_id BIGINT NOT NULL REFERENCES talks(id),
    task_id BIGINT NOT NULL REFERENCES tasks(id),
    PRIMARY KEY (talk_id, task_id)
);
CREATE INDEX talk_tasks_task ON talk_tasks(task_id);

-- 问责: the decision, the person and unit, the measure and the day.
CREATE TABLE accountability (
    id @ID@,
    decision TEXT NOT NULL,
    person_id BIGINT REFERENCES people(id),
    person TEXT NOT NULL DEFAULT '',
    unit_id BIGINT NOT NULL REFERENCES units(id),
    measure TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    reasons TEXT NOT NULL DEFAULT '',
    case_id BIGINT REFERENCES cases(id),
    talk_id BIGINT REFERENCES talks(id),
    created_by_id BIGINT,
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX accountability_unit ON accountability(unit_id, id);

-- 容错免责: applications and decisions. A failure has at most one
-- application waiting or approved.
CREATE TABLE exemptions (
    id @ID@,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL,
    target_id BIGINT NOT NULL,
    case_id BIGINT REFERENCES cases(id),
    failure TEXT NOT NULL DEFAULT '',
    failure_date TEXT,
    year INTEGER NOT NULL,
    grounds TEXT NOT NULL,
    state TEXT NOT NULL,
    applied_by_id BIGINT,
    applied_by TEXT NOT NULL DEFAULT '',
    applied_at TEXT NOT NULL,
    decided_by_id BIGINT,
    decided_by TEXT NOT NULL DEFAULT '',
    decided_at TEXT,
    decision TEXT NOT NULL DEFAULT ''
);
CREATE INDEX exemptions_target ON exemptions(kind, target_id);
CREATE INDEX exemptions_case ON exemptions(case_id);
CREATE INDEX exemptions_unit ON exemptions(unit_id, year);
CREATE UNIQUE INDEX exemptions_active ON exemptions(kind, target_id) WHERE state IN ('pending', 'approved');

CREATE TABLE exemption_files (
    id @ID@,
    exemption_id BIGINT NOT NULL REFERENCES exemptions(id),
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    data @BLOB@ NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX exemption_files_exemption ON exemption_files(exemption_id);
