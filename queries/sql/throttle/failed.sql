-- An attempt was answered "wrong": one failure more, counted from now.
UPDATE attempt SET pending = max(pending - 1, 0), failures = failures + 1, last_failure = :now WHERE key = :key;
