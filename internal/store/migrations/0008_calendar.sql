-- The working-day calendar: official holidays and the weekends worked in
-- exchange (调休). A date without a row is a working day Monday to Friday.
-- year is the schedule (the State Council's notice) the day belongs to: the
-- late-December days of a New Year holiday belong to the next year's.
CREATE TABLE calendar_days (
    day TEXT PRIMARY KEY,
    year INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL CHECK (source IN ('seed', 'import', 'manual')),
    updated_at TEXT NOT NULL
);
CREATE INDEX calendar_days_year ON calendar_days(year);

-- The years whose schedule is in the table. A year without a row falls
-- back to Monday to Friday and the UI warns. The built-in schedules are
-- seeded only into years without a row, so that an operator's edits
-- survive restarts and upgrades.
CREATE TABLE calendar_years (
    year INTEGER PRIMARY KEY,
    source TEXT NOT NULL CHECK (source IN ('seed', 'import', 'manual')),
    updated_at TEXT NOT NULL
);
