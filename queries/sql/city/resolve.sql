-- City codes an already-normalised name (or a code) can mean.
SELECT DISTINCT city_code FROM city_alias_current WHERE alias_norm = $name
UNION
SELECT code FROM city WHERE lower(code) = $name
ORDER BY 1;
