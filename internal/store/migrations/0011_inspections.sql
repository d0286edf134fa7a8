-- Inspections (督查检查), their findings, rectification items (整改) with
-- their timelines and evidence, and self-inspection requests (举一反三).
CREATE TABLE inspections (
    id @ID@,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    plan TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    planned_start TEXT,
    planned_end TEXT,
    started_on TEXT,
    concluded_on TEXT,
    conclusion TEXT NOT NULL DEFAULT '',
    created_by BIGINT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE inspection_targets (
    inspection_id BIGINT NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    sort INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (inspection_id, unit_id)
);
CREATE INDEX inspection_targets_unit ON inspection_targets(unit_id);

-- The team: one leader (带队) and members.
CREATE TABLE inspection_members (
    inspection_id BIGINT NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES people(id),
    role TEXT NOT NULL CHECK (role IN ('leader', 'member')),
    sort INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (inspection_id, person_id)
);

CREATE TABLE inspection_findings (
    id @ID@,
    inspection_id BIGINT NOT NULL REFERENCES inspections(id),
    seq INTEGER NOT NULL,
    unit_id BIGINT REFERENCES units(id),
    problem TEXT NOT NULL,
    requirement TEXT NOT NULL DEFAULT '',
    found_on TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (inspection_id, seq)
);

CREATE TABLE rectifications (
    id @ID@,
    inspection_id BIGINT NOT NULL REFERENCES inspections(id),
    finding_id BIGINT NOT NULL REFERENCES inspection_findings(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    problem TEXT NOT NULL,
    requirement TEXT NOT NULL DEFAULT '',
    measures TEXT NOT NULL DEFAULT '',
    progress TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL,
    deadline TEXT NOT NULL,
    deadline_workdays INTEGER NOT NULL DEFAULT 0,
    issued_on TEXT NOT NULL,
    applied_on TEXT,
    verified_on TEXT,
    closed_on TEXT,
    recheck_on TEXT,
    reopened INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- One item per finding and unit.
    UNIQUE (finding_id, unit_id)
);
CREATE INDEX rectifications_unit ON rectifications(unit_id, state);
CREATE INDEX rectifications_inspection ON rectifications(inspection_id);
CREATE INDEX rectifications_recheck ON rectifications(state, recheck_on);

CREATE TABLE rectification_events (
    id @ID@,
    rectification_id BIGINT NOT NULL REFERENCES rectifications(id),
    action TEXT NOT NULL,
    state TEXT NOT NULL,
    at TEXT NOT NULL,
    actor_id BIGINT,
    actor TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    deadline TEXT,
    on_date TEXT
);
CREATE INDEX rectification_events_item ON rectification_events(rectification_id, id);

-- Evidence files, stored like report evidence (report_files).
CREATE TABLE rectification_files (
    id @ID@,
    rectification_id BIGINT NOT NULL REFERENCES rectifications(id),
    event_id BIGINT REFERENCES rectification_events(id),
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    data @BLOB@ NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX rectification_files_item ON rectification_files(rectification_id);

CREATE TABLE self_checks (
    id @ID@,
    finding_id BIGINT NOT NULL REFERENCES inspection_findings(id),
    inspection_id BIGINT NOT NULL REFERENCES inspections(id),
    problem TEXT NOT NULL,
    requirement TEXT NOT NULL DEFAULT '',
    deadline TEXT,
    created_by BIGINT,
    created_at TEXT NOT NULL
);
CREATE INDEX self_checks_finding ON self_checks(finding_id);

CREATE TABLE self_check_units (
    self_check_id BIGINT NOT NULL REFERENCES self_checks(id) ON DELETE CASCADE,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    sort INTEGER NOT NULL DEFAULT 0,
    found BOOLEAN NOT NULL DEFAULT FALSE,
    problems TEXT NOT NULL DEFAULT '',
    measures TEXT NOT NULL DEFAULT '',
    answered_at TEXT,
    answered_by BIGINT,
    PRIMARY KEY (self_check_id, unit_id)
);
CREATE INDEX self_check_units_unit ON self_check_units(unit_id);
