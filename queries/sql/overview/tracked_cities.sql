-- Cities on the national map, with their best-known 2018 rank where they have one.
SELECT t.code AS city_code, t.name_zh AS city_name_zh, t.short_zh AS city_short_zh, t.name_en AS city_name_en,
       t.lon, t.lat, t.province_code, t.province_zh AS province_short_zh, t.province_en AS province_name_en,
       t.tier, t.tier_basis, t.tier_flag, t.tier_source_id, t.tier_source_lines, t.other_tiers,
       r.value AS smart_rank, r.source_lines AS rank_source_lines
FROM tracked_city_of($tier_edition) t
LEFT JOIN ranking_current r
  ON r.city_code = t.code AND r.measure = 'smart_rank'
 AND r.edition = (SELECT edition FROM edition WHERE kind = 'ranking' ORDER BY year DESC LIMIT 1)
WHERE list_contains($tiers, t.tier)
ORDER BY t.tier, r.value NULLS LAST, t.code;
