-- The account signed in: its failures are forgotten.
UPDATE attempt SET pending = max(pending - 1, 0), failures = 0 WHERE key = :key;
