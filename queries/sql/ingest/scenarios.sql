SELECT framework, scenario, name_zh, name_en FROM scenario ORDER BY framework, scenario;
