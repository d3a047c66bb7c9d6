-- Maturity results as printed: share of pilots per level, feature and region.
SELECT programme, feature, feature_zh, feature_en, region, level, level_zh, level_en, share,
       source_id, source_lines, quote, basis, flag, note
FROM maturity
WHERE programme = $programme AND list_contains($regions, region)
ORDER BY feature, region, level;
