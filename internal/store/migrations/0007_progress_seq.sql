-- The last audit sequence that approved progress: read models skip looking
-- for new approvals while it has not moved.
ALTER TABLE audit_head ADD COLUMN progress_seq BIGINT NOT NULL DEFAULT 0;
