-- Pilot places of the chosen programmes and regions. The tier filter applies to Chinese places
-- (through their city's 2022 tier, 'unclassified' when it has none); EU places have no tier.
SELECT pl.programme, pl.place_code, pl.printed_name, pl.place_name_zh, pl.place_name_en, pl.level,
       pl.region, pl.country, coalesce(pl.province_code, c.province_code) AS province_code,
       pr.short_zh AS province_short_zh, pr.name_en AS province_name_en,
       pl.batch_label, pl.year, c.lon, c.lat, c.code AS city_code, c.name_zh AS city_name_zh, c.short_zh AS city_short_zh,
       c.name_en AS city_name_en,
       co.iso3, co.name_zh AS country_zh, co.name_en AS country_en,
       CASE WHEN pl.region = 'china' THEN coalesce(ct.tier, 'unclassified') END AS tier,
       ct.basis AS tier_basis, pl.source_id, pl.source_lines, pl.quote, pl.basis, pl.flag, pl.note,
       pl.batch
FROM pilot_current pl
LEFT JOIN city c ON c.code = pl.place_code
LEFT JOIN province pr ON pr.code = coalesce(pl.province_code, c.province_code)
LEFT JOIN city_tier_of($tier_edition) ct ON ct.city_code = pl.place_code
LEFT JOIN country co ON co.iso2 = pl.country
WHERE list_contains($programmes, pl.programme)
  AND list_contains($regions, pl.region)
  AND list_contains($levels, pl.level)
  AND (pl.region <> 'china' OR list_contains($tiers, coalesce(ct.tier, 'unclassified')))
ORDER BY pl.region, pl.country, province_code, pl.place_name_zh;
