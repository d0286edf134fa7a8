-- 测评/评议: evaluations, their one-time voting codes and anonymous ballots.
--
-- Anonymity is in the shape of these tables. A code is stored only as a
-- keyed hash (HMAC-SM3 with the evaluation's secret), with its group, the
-- rater's unit (peer groups) and whether it was used: not when. A ballot is
-- the evaluation, the group and the answers: no code, no hash, no account,
-- no time, and an id drawn at random (on SQLite it is the rowid itself, so
-- the table's order is random too). PostgreSQL's row versions (xmin, ctid)
-- do show the order of inserts while voting is open; closing rewrites the
-- evaluation's ballots in a random order in one transaction and compacts
-- the tables (see store/evaluation_anon.go).

CREATE TABLE evaluations (
    id @ID@,
    year INTEGER NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    state TEXT NOT NULL,
    -- the first characters of every code of the evaluation
    tag TEXT NOT NULL UNIQUE,
    -- hex key of the codes' keyed hash
    secret TEXT NOT NULL,
    -- units, options or scale, rater groups, debriefing session (JSON)
    body TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    opened_at TEXT,
    closed_at TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (year, code)
);

CREATE TABLE eval_codes (
    evaluation_id BIGINT NOT NULL REFERENCES evaluations(id),
    hash TEXT NOT NULL,
    group_key TEXT NOT NULL,
    rater_unit_id BIGINT REFERENCES units(id),
    used BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (evaluation_id, hash)
);
CREATE INDEX eval_codes_group ON eval_codes(evaluation_id, group_key);

CREATE TABLE eval_ballots (
    -- random, never a counter (see above)
    id @ID@,
    evaluation_id BIGINT NOT NULL REFERENCES evaluations(id),
    group_key TEXT NOT NULL,
    -- {"<unit id>": {"o": option} | {"v": number} | {"a": true}}
    answers TEXT NOT NULL
);
CREATE INDEX eval_ballots_eval ON eval_ballots(evaluation_id, group_key);
