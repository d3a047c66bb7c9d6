-- csv: seeds/tiers.csv
-- Replace the seed rows (batch 0) of tier; uploaded batches are left alone.
DELETE FROM tier WHERE batch = 0;
INSERT INTO tier BY NAME SELECT *, 0 AS batch FROM incoming;
