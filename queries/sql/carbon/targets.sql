-- City targets (with the city's tier) and tier rules, restricted to the chosen tiers.
SELECT t.subject, t.city_code, c.name_zh AS city_name_zh, c.short_zh AS city_short_zh, c.name_en AS city_name_en,
       coalesce(t.tier, ct.tier, CASE WHEN t.subject = 'city' THEN 'unclassified' END) AS tier,
       ct.basis AS tier_basis, t.printed_name, t.peak_status, t.peak_year, t.peak_month,
       t.peak_qualifier, t.neutrality_year, t.neutrality_qualifier, t.source_id, t.source_lines,
       t.quote, t.basis, t.flag, t.note, t.batch
FROM carbon_target_current t
LEFT JOIN city c ON c.code = t.city_code
LEFT JOIN city_tier_of($tier_edition) ct ON ct.city_code = t.city_code
WHERE list_contains($tiers, coalesce(t.tier, ct.tier, 'unclassified'))
ORDER BY t.subject DESC, t.peak_year NULLS LAST, t.city_code, t.tier;
