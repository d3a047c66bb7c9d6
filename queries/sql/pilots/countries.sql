-- Countries of a continent, for the Europe view's base layer.
SELECT iso2, iso3, name_zh, name_en FROM country WHERE continent = $continent ORDER BY iso3;
