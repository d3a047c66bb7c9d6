-- Scenarios of one framework (optionally one domain), with how many cities cover each.
SELECT s.framework, s.scenario, s.domain, s.domain_zh, s.domain_en, s.name_zh, s.name_en, s.rank,
       s.adoption_pct, s.source_id, s.source_lines, s.quote, s.basis, s.flag, s.note,
       count(DISTINCT cov.city_code) AS cities
FROM scenario s
LEFT JOIN scenario_coverage_current cov USING (framework, scenario)
WHERE s.framework = $framework AND (s.domain = $domain OR $domain IS NULL)
GROUP BY ALL
ORDER BY s.rank NULLS LAST, s.domain, s.scenario;
