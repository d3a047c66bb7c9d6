SELECT measure, kind, higher_is_better, unit, name_zh, name_en FROM measure ORDER BY measure;
