-- Ranking editions with the measures each one carries (rank_gap appears where both ranks exist).
SELECT e.edition, e.year, e.source_id, e.label_zh, e.label_en,
       list(DISTINCT r.measure ORDER BY r.measure) AS measures
FROM edition e
JOIN ranking_all r USING (edition)
WHERE e.kind = 'ranking'
GROUP BY ALL
ORDER BY e.year DESC, e.edition;
