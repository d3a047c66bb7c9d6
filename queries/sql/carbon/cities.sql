-- Every tiered or ranked city with its own carbon target, if the reports give one.
SELECT tc.code AS city_code, tc.name_zh AS city_name_zh, tc.short_zh AS city_short_zh, tc.name_en AS city_name_en,
       tc.lon, tc.lat,
       tc.tier, tc.tier_basis, t.peak_status, t.peak_year, t.peak_month, t.peak_qualifier,
       t.neutrality_year, t.neutrality_qualifier, t.source_id, t.source_lines, t.basis
FROM tracked_city_of($tier_edition) tc
LEFT JOIN carbon_target_current t ON t.city_code = tc.code AND t.subject = 'city'
WHERE list_contains($tiers, tc.tier)
ORDER BY t.peak_year NULLS LAST, tc.code;
