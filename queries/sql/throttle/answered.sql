-- An attempt ended without a verdict for this key (a client address, or no bcrypt slot).
UPDATE attempt SET pending = max(pending - 1, 0) WHERE key = :key;
