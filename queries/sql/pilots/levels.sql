SELECT DISTINCT level FROM pilot_current WHERE level IS NOT NULL ORDER BY level;
