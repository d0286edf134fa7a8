-- A highlight's supporting files (佐证材料), which its unit adds until the
-- office evaluates it.
CREATE TABLE highlight_files (
    id @ID@,
    highlight_id BIGINT NOT NULL REFERENCES highlights(id),
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    data @BLOB@ NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX highlight_files_highlight ON highlight_files(highlight_id);
