-- Headline figures for the overview: cities tracked, per tier (and how many are inferred),
-- and how many ranking / tier editions (named) and source reports stand behind them.
SELECT
    (SELECT count(*) FROM tracked_city_of($tier_edition) WHERE list_contains($tiers, tier)) AS cities,
    (SELECT count(*) FROM tracked_city_of($tier_edition) WHERE tier = 'leading' AND list_contains($tiers, tier)) AS leading,
    (SELECT count(*) FROM tracked_city_of($tier_edition) WHERE tier = 'pioneer' AND list_contains($tiers, tier)) AS pioneer,
    (SELECT count(*) FROM tracked_city_of($tier_edition) WHERE tier = 'exploring' AND list_contains($tiers, tier)) AS exploring,
    (SELECT count(*) FROM tracked_city_of($tier_edition) WHERE tier = 'unclassified' AND list_contains($tiers, tier)) AS unclassified,
    (SELECT count(*) FROM tracked_city_of($tier_edition) WHERE tier_basis = 'inferred' AND list_contains($tiers, tier)) AS inferred,
    (SELECT string_agg(short_zh, '、' ORDER BY code) FROM tracked_city_of($tier_edition)
      WHERE tier_basis = 'inferred' AND list_contains($tiers, tier)) AS inferred_zh,
    (SELECT string_agg(name_en, ', ' ORDER BY code) FROM tracked_city_of($tier_edition)
      WHERE tier_basis = 'inferred' AND list_contains($tiers, tier)) AS inferred_en,
    (SELECT count(*) FROM edition) AS editions,
    (SELECT string_agg(label_zh, '；' ORDER BY year, edition) FROM edition) AS editions_zh,
    (SELECT string_agg(label_en, '; ' ORDER BY year, edition) FROM edition) AS editions_en,
    (SELECT count(*) FROM source) AS reports;
