-- One row per key without a PRIMARY KEY (DuckLake has none): update the row, or add it.
MERGE INTO meta USING (SELECT $key AS key, $value AS value) AS incoming ON meta.key = incoming.key
WHEN MATCHED THEN UPDATE SET value = incoming.value
WHEN NOT MATCHED THEN INSERT (key, value) VALUES (incoming.key, incoming.value);
