-- The lake's current snapshot id (the data-version token of the lake mode); about a millisecond.
SELECT id FROM current_snapshot();
