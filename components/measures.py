"""Ranking measures as people read them: their names and which direction is better.

Shared by the rankings page, the compare page and the editions views (a city's history); the
report's own measures have our wording, an uploaded measure its uploaded name.
"""

from components.i18n import has_text, localized, t
from queries.rankings import measure_details

HIGHER_IS_BETTER = {"smart_rank": False, "gdp_per_capita_rank": False, "innovation_score": True, "rank_gap": True}


def measure_label(measure: str) -> str:
    """The measure's name: our own wording for the report's measures, the uploaded name otherwise."""
    key = f"measure.{measure}"
    if has_text(key):
        return t(key)
    entry = measure_details().get(measure)
    return measure if entry is None else (localized(entry, "name") or measure)


def higher_is_better(measure: str) -> bool:
    if measure in HIGHER_IS_BETTER:
        return HIGHER_IS_BETTER[measure]
    entry = measure_details().get(measure, {})
    return not (entry.get("kind") == "rank" or entry.get("higher_is_better") is False)
