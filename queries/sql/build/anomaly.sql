-- csv: seeds/anomalies.csv
-- Replace the seed rows (batch 0) of anomaly; uploaded batches are left alone.
DELETE FROM anomaly WHERE batch = 0;
INSERT INTO anomaly BY NAME SELECT *, 0 AS batch FROM incoming;
