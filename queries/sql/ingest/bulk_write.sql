-- Session settings for the connection that commits an upload (it is closed right after).
-- A large upload is appended in parallel (rows are a set: every reader orders explicitly), and the
-- checkpoint on close does not rewrite the freshly written row groups to merge them with the last
-- partly filled one (a vacuum that took ~0.5 s for 1,000,000 rows and left the file larger).
SET preserve_insertion_order = false;
SET max_vacuum_tasks = 0;
