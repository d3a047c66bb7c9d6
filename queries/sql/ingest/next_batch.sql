-- Batch numbers are global (edition, measure and alias rows of every kind share them): the next one
-- after the batch counter's head (schema/05_versions.sql).
SELECT value + 1 FROM version_head WHERE name = '#batch';
