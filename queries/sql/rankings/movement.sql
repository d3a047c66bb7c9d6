-- One measure in two editions: each city's first printed value in each (a city in only one of them
-- has NULL in the other), with where each value comes from; restricted to the chosen tiers.
WITH printed AS (
    SELECT r.edition, r.city_code, r.value, r.source_id, r.source_lines, r.quote,
           row_number() OVER (
               PARTITION BY r.edition, r.city_code
               ORDER BY try_cast(regexp_extract(r.source_lines, '\d+') AS INTEGER)
           ) AS printing
    FROM ranking_all r
    WHERE r.measure = $measure AND r.edition IN ($from_edition, $to_edition)
),
first_from AS (SELECT * FROM printed WHERE edition = $from_edition AND printing = 1),
first_to AS (SELECT * FROM printed WHERE edition = $to_edition AND printing = 1)
SELECT t.code AS city_code, t.name_zh AS city_name_zh, t.short_zh AS city_short_zh, t.name_en AS city_name_en,
       t.tier, t.tier_basis,
       a.value AS from_value, a.source_id AS from_source_id, a.source_lines AS from_source_lines,
       a.quote AS from_quote,
       b.value AS to_value, b.source_id AS to_source_id, b.source_lines AS to_source_lines,
       b.quote AS to_quote
FROM first_from a
FULL JOIN first_to b ON a.city_code = b.city_code
JOIN tracked_city t ON t.code = coalesce(a.city_code, b.city_code)
WHERE list_contains($tiers, t.tier)
ORDER BY coalesce(b.value, a.value), t.code;
