-- csv: seeds/sources.csv
-- Replace the seed rows (batch 0) of source; uploaded batches are left alone.
DELETE FROM source WHERE batch = 0;
INSERT INTO source BY NAME SELECT *, 0 AS batch FROM incoming;
