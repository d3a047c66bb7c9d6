SELECT code, dataset, source_id, source_lines, description_zh, description_en
FROM anomaly
ORDER BY code;
