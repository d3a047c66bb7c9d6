-- Batch numbers are global (edition, measure and alias rows of every kind share them).
SELECT coalesce(max(batch), 0) + 1 FROM dataset_version;
