-- csv: seeds/editions.csv
-- Replace the seed rows (batch 0) of edition; uploaded batches are left alone.
DELETE FROM edition WHERE batch = 0;
INSERT INTO edition BY NAME SELECT *, 0 AS batch FROM incoming;
