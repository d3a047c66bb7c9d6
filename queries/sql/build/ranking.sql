-- csv: seeds/rankings.csv
-- Replace the seed rows (batch 0) of ranking; uploaded batches are left alone.
DELETE FROM ranking WHERE batch = 0;
INSERT INTO ranking BY NAME SELECT *, 0 AS batch FROM incoming;
