-- csv: seeds/carbon_targets.csv
-- Replace the seed rows (batch 0) of carbon_target; uploaded batches are left alone.
DELETE FROM carbon_target WHERE batch = 0;
INSERT INTO carbon_target BY NAME SELECT *, 0 AS batch FROM incoming;
