-- Long form: one row per (measure, city, printed row) of a ranking edition, restricted to the
-- chosen tiers. A city printed twice for one measure (济南 in 2018) keeps both rows; the later
-- one is marked is_repeat so charts can show it without counting it twice.
SELECT r.measure, r.city_code, t.name_zh AS city_name_zh, t.short_zh AS city_short_zh, t.name_en AS city_name_en,
       t.province_zh AS province_short_zh, t.province_en AS province_name_en,
       t.lon, t.lat, r.printed_name, r.value, r.group_label, r.group_basis, r.basis, r.flag,
       r.note, r.source_id, r.source_lines, r.quote,
       t.tier, t.tier_basis, t.tier_flag, t.tier_source_lines, t.other_tiers,
       row_number() OVER (
           PARTITION BY r.measure, r.city_code
           ORDER BY try_cast(regexp_extract(r.source_lines, '\d+') AS INTEGER)
       ) > 1 AS is_repeat
FROM ranking_all r
JOIN tracked_city_of($tier_edition) t ON t.code = r.city_code
WHERE r.edition = $edition
  AND list_contains($tiers, t.tier)
ORDER BY r.measure, r.value, r.city_code;
