-- 考核结果公示: a computed result published for a window of working days
-- (公示), the units' appeals (申诉), the office's adjustments, and the
-- frozen final list (定榜).

-- A run is one published result with the scheme body it was computed with,
-- so that it reads the same whatever later happens to the scheme. The
-- scheme lives in another migration: scheme_id is a plain number.
CREATE TABLE assess_runs (
    id @ID@,
    scheme_id BIGINT NOT NULL,
    year INTEGER NOT NULL,
    scheme_name TEXT NOT NULL,
    body TEXT NOT NULL,
    result TEXT NOT NULL,
    -- notice (公示中) → final (定榜)
    state TEXT NOT NULL,
    notice_start TEXT NOT NULL,
    notice_end TEXT NOT NULL,
    notice_days INTEGER NOT NULL,
    created_by_id BIGINT,
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    finalized_by TEXT NOT NULL DEFAULT '',
    finalized_at TEXT,
    updated_at TEXT NOT NULL
);
-- One open (公示中) run per scheme.
CREATE UNIQUE INDEX assess_runs_open ON assess_runs(scheme_id) WHERE state = 'notice';
CREATE INDEX assess_runs_year ON assess_runs(year, id);

-- 申诉: a unit's appeal against its result, on one criterion or the whole.
CREATE TABLE assess_appeals (
    id @ID@,
    run_id BIGINT NOT NULL REFERENCES assess_runs(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    criterion TEXT NOT NULL DEFAULT '',
    reasons TEXT NOT NULL,
    -- pending → upheld / partial / rejected
    state TEXT NOT NULL,
    decision TEXT NOT NULL DEFAULT '',
    decided_by TEXT NOT NULL DEFAULT '',
    decided_at TEXT,
    filed_by_id BIGINT,
    filed_by TEXT NOT NULL DEFAULT '',
    filed_at TEXT NOT NULL
);
CREATE INDEX assess_appeals_run ON assess_appeals(run_id, unit_id);
-- One pending appeal per unit and criterion ('' is the whole result).
CREATE UNIQUE INDEX assess_appeals_pending ON assess_appeals(run_id, unit_id, criterion) WHERE state = 'pending';

-- An appeal's evidence file (optional).
CREATE TABLE assess_appeal_files (
    id @ID@,
    appeal_id BIGINT NOT NULL REFERENCES assess_appeals(id),
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    data @BLOB@ NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX assess_appeal_files_appeal ON assess_appeal_files(appeal_id);

-- Every change of a criterion score during 公示: who, why, before, after.
CREATE TABLE assess_adjustments (
    id @ID@,
    run_id BIGINT NOT NULL REFERENCES assess_runs(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    criterion TEXT NOT NULL,
    before_score @FLOAT@ NOT NULL,
    after_score @FLOAT@ NOT NULL,
    -- the unit's total, rank and grade before and after the rerank
    before_total @FLOAT@ NOT NULL DEFAULT 0,
    after_total @FLOAT@ NOT NULL DEFAULT 0,
    before_rank INTEGER NOT NULL DEFAULT 0,
    after_rank INTEGER NOT NULL DEFAULT 0,
    before_grade TEXT NOT NULL DEFAULT '',
    after_grade TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL,
    appeal_id BIGINT REFERENCES assess_appeals(id),
    by_id BIGINT,
    by_name TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL
);
CREATE INDEX assess_adjustments_run ON assess_adjustments(run_id, id);

-- Each unit's criterion scores with their formulas, apart from the run's
-- result (which keeps the units' sections, totals, ranks, grades and
-- awards): the list reads one small document, a unit's page one row, and
-- an adjustment rewrites only the unit it changed.
CREATE TABLE assess_run_units (
    run_id BIGINT NOT NULL REFERENCES assess_runs(id),
    unit_id BIGINT NOT NULL,
    criteria TEXT NOT NULL,
    PRIMARY KEY (run_id, unit_id)
);
