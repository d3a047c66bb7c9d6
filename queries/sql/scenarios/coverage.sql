-- City x scenario pairs of one framework with their evidence, for the cities in the chosen tiers.
-- Foreign cities have no tier and are kept only when 'unclassified' is among the tiers.
SELECT cov.city_code, c.name_zh AS city_name_zh, c.short_zh AS city_short_zh, c.name_en AS city_name_en,
       c.country, c.lon, c.lat,
       coalesce(ct.tier, 'unclassified') AS tier, ct.basis AS tier_basis,
       cov.framework, cov.scenario, s.name_zh AS scenario_zh, s.name_en AS scenario_en, s.domain,
       s.domain_zh, s.domain_en, cov.evidence_zh, cov.evidence_en, cov.source_id, cov.source_lines,
       cov.quote, cov.basis, cov.flag, coalesce(cov.note_zh, cov.note) AS note_zh, cov.note AS note_en, cov.batch
FROM scenario_coverage_current cov
JOIN scenario s USING (framework, scenario)
LEFT JOIN city c ON c.code = cov.city_code
LEFT JOIN city_tier_of($tier_edition) ct ON ct.city_code = cov.city_code
WHERE cov.framework = $framework
  AND (s.domain = $domain OR $domain IS NULL)
  AND list_contains($tiers, coalesce(ct.tier, 'unclassified'))
ORDER BY cov.city_code, s.rank NULLS LAST, cov.scenario;
