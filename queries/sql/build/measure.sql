-- csv: seeds/measures.csv
-- Replace the seed rows (batch 0) of measure; uploaded batches are left alone.
DELETE FROM measure WHERE batch = 0;
INSERT INTO measure BY NAME SELECT *, 0 AS batch FROM incoming;
