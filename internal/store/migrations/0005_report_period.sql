-- Saving a report looks up the period's earlier versions.
CREATE INDEX reports_task_period ON reports(task_id, period);
