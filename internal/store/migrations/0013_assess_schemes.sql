-- 考核方案 (assessment schemes), their examiners and the examiners' entries.

-- One row per version of a scheme. The body (categories, criteria, rules)
-- is the scheme file's content as JSON; a frozen version never changes,
-- a revision is a new row pointing at the one it replaced.
CREATE TABLE assess_schemes (
    id @ID@,
    year INTEGER NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    version INTEGER NOT NULL,
    state TEXT NOT NULL,
    prev_id BIGINT REFERENCES assess_schemes(id),
    change_reason TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    created_by_id BIGINT,
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    frozen_at TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (year, kind, name, version)
);
CREATE INDEX assess_schemes_year ON assess_schemes(year, id);

-- Who scores a scheme: an examiner account, on the criteria listed (codes
-- separated by newlines) or, when the list is empty, on every criterion.
CREATE TABLE assess_examiners (
    scheme_id BIGINT NOT NULL REFERENCES assess_schemes(id),
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    criteria TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (scheme_id, account_id)
);

-- Evidence files of entries.
CREATE TABLE assess_files (
    id @ID@,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    data @BLOB@ NOT NULL,
    created_at TEXT NOT NULL
);

-- One examiner's score of one criterion for one unit. A new score replaces
-- the row; the audit log keeps every earlier one. examiner_id is 0 for the
-- operator at the command line.
CREATE TABLE assess_entries (
    id @ID@,
    scheme_id BIGINT NOT NULL REFERENCES assess_schemes(id),
    code TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    examiner_id BIGINT NOT NULL,
    examiner TEXT NOT NULL DEFAULT '',
    score @FLOAT@ NOT NULL,
    reason TEXT NOT NULL,
    evidence_id BIGINT REFERENCES assess_files(id),
    at TEXT NOT NULL,
    UNIQUE (scheme_id, code, unit_id, examiner_id)
);
CREATE INDEX assess_entries_unit ON assess_entries(scheme_id, unit_id);
