-- csv: seeds/pilots.csv
-- Replace the seed rows (batch 0) of pilot; uploaded batches are left alone.
DELETE FROM pilot WHERE batch = 0;
INSERT INTO pilot BY NAME SELECT *, 0 AS batch FROM incoming;
