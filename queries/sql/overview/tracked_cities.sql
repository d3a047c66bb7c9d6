-- Cities on the national map, with their best-known 2018 rank where they have one.
SELECT t.*, r.value AS smart_rank, r.source_lines AS rank_source_lines
FROM tracked_city t
LEFT JOIN ranking_current r
  ON r.city_code = t.code AND r.measure = 'smart_rank'
 AND r.edition = (SELECT edition FROM edition WHERE kind = 'ranking' ORDER BY year DESC LIMIT 1)
WHERE list_contains($tiers, t.tier)
ORDER BY t.tier, r.value NULLS LAST, t.code;
