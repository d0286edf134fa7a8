-- 亮点: the highlight works a unit declares for a year (at most two: the
-- slot is 1 or 2 and unique per unit and year, so a third cannot be stored
-- however requests interleave), the office's decision and the year-end
-- evaluation.
CREATE TABLE highlights (
    id @ID@,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    year INTEGER NOT NULL,
    slot INTEGER NOT NULL CHECK (slot IN (1, 2)),
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    ambition TEXT NOT NULL,
    state TEXT NOT NULL,
    declared_by TEXT NOT NULL DEFAULT '',
    declared_at TEXT,
    decided_by TEXT NOT NULL DEFAULT '',
    decided_at TEXT,
    note TEXT NOT NULL DEFAULT '',
    -- the evaluation: achieved is '' until evaluated
    achieved TEXT NOT NULL DEFAULT '',
    score @FLOAT@,
    grade TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '',
    evaluated_by TEXT NOT NULL DEFAULT '',
    evaluated_at TEXT,
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (unit_id, year, slot)
);
CREATE INDEX highlights_year ON highlights(year, unit_id);

-- Tasks a highlight is carried by (optional).
CREATE TABLE highlight_tasks (
    highlight_id BIGINT NOT NULL REFERENCES highlights(id),
    task_id BIGINT NOT NULL REFERENCES tasks(id),
    PRIMARY KEY (highlight_id, task_id)
);
CREATE INDEX highlight_tasks_task ON highlight_tasks(task_id);
