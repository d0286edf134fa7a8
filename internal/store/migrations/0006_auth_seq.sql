-- The last audit sequence that changed who may do what (accounts, roles,
-- passwords, sessions, tokens): session and token caches follow it, so
-- they stay valid while ordinary work is being recorded.
ALTER TABLE audit_head ADD COLUMN auth_seq BIGINT NOT NULL DEFAULT 0;
