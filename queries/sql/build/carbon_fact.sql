-- csv: seeds/carbon_facts.csv
-- Replace the seed rows (batch 0) of carbon_fact; uploaded batches are left alone.
DELETE FROM carbon_fact WHERE batch = 0;
INSERT INTO carbon_fact BY NAME SELECT *, 0 AS batch FROM incoming;
