SELECT cov.framework, cov.scenario, s.name_zh AS scenario_zh, s.name_en AS scenario_en,
       s.domain_zh, s.domain_en, cov.evidence_zh, cov.evidence_en, cov.source_id, cov.source_lines,
       cov.quote, cov.basis, cov.flag, coalesce(cov.note_zh, cov.note) AS note_zh, cov.note AS note_en
FROM scenario_coverage_current cov
JOIN scenario s USING (framework, scenario)
WHERE cov.city_code = $code
ORDER BY cov.framework, s.rank NULLS LAST, cov.scenario;
