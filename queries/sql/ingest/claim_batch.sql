-- Hand out the next batch number inside a commit's transaction: moving the counter's head makes a
-- concurrent commit that moved it too fail with a transaction conflict. Returns the rows changed.
UPDATE version_head SET value = value + 1 WHERE name = '#batch' AND value + 1 = $batch;
