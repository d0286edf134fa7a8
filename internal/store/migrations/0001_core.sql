-- The org tree, people and accounts.
CREATE TABLE sectors (
    id @ID@,
    name TEXT NOT NULL UNIQUE,
    sort INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE fronts (
    id @ID@,
    name TEXT NOT NULL UNIQUE,
    sort INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE units (
    id @ID@,
    parent_id BIGINT REFERENCES units(id),
    name TEXT NOT NULL UNIQUE,
    short_name TEXT NOT NULL DEFAULT '',
    aliases TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    category TEXT NOT NULL DEFAULT '',
    sector_id BIGINT REFERENCES sectors(id),
    sort INTEGER NOT NULL DEFAULT 0,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE people (
    id @ID@,
    name TEXT NOT NULL,
    unit_id BIGINT REFERENCES units(id),
    title TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX people_name ON people(name);
CREATE INDEX people_unit ON people(unit_id);

CREATE TABLE posts (
    id @ID@,
    person_id BIGINT NOT NULL REFERENCES people(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    title TEXT NOT NULL,
    start_date TEXT,
    end_date TEXT
);
CREATE INDEX posts_person ON posts(person_id);
CREATE INDEX posts_unit ON posts(unit_id);

CREATE TABLE leaderships (
    id @ID@,
    person_id BIGINT NOT NULL REFERENCES people(id),
    group_kind TEXT NOT NULL CHECK (group_kind IN ('sector', 'front')),
    group_id BIGINT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('lead', 'deputy')),
    start_date TEXT,
    end_date TEXT
);
CREATE INDEX leaderships_person ON leaderships(person_id);

CREATE TABLE accounts (
    id @ID@,
    login TEXT NOT NULL UNIQUE,
    person_id BIGINT REFERENCES people(id),
    display_name TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active',
    lang TEXT NOT NULL DEFAULT '',
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    last_login_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- unit_id 0 is the whole tree.
CREATE TABLE grants (
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    unit_id BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, role, unit_id)
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    ip TEXT NOT NULL DEFAULT '',
    user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_account ON sessions(account_id);

CREATE TABLE api_tokens (
    id @ID@,
    account_id BIGINT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
