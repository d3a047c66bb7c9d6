-- Every place a user can open a profile for, tracked cities first.
SELECT c.code AS city_code, c.name_zh AS city_name_zh, c.short_zh AS city_short_zh, c.name_en AS city_name_en,
       c.country, p.short_zh AS province_short_zh, p.name_en AS province_name_en,
       c.code IN (SELECT code FROM tracked_city) AS tracked
FROM city c
LEFT JOIN province p ON p.code = c.province_code
ORDER BY tracked DESC, c.country = 'CN' DESC, c.code;
