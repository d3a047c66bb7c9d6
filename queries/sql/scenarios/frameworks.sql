SELECT framework, count(*) AS scenarios, count(adoption_pct) AS with_adoption,
       min(source_id) AS source_id
FROM scenario
GROUP BY framework
ORDER BY with_adoption DESC, framework;
