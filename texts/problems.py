"""Upload problems in words: 'Row 12, column “排名”: 0 is not a rank …'.

The queries layer reports codes and parameters (queries.ingest.problems); this module is the only
place that turns them into sentences (`problem.<code>` in texts/locales/*/ingest.toml), for the
app (in the page's language) and the CLI (in English). Every function names its language.
"""

from texts.catalogue import catalog


def candidate_text(candidates: list[dict], language: str) -> str:
    if not candidates:
        return catalog(language)["ingest.place_none"]
    parts = []
    for city in candidates:
        name = city["name_zh"] if language == "zh" else (city.get("name_en") or city["name_zh"])
        province = city.get("province_zh") if language == "zh" else city.get("province_en")
        detail = ", ".join(str(x) for x in (city["code"], province) if x and x == x)
        parts.append(f"{name} ({detail})")
    return "; ".join(parts)


def _params(params: dict, language: str) -> dict:
    values = {}
    for key, value in params.items():
        if key == "candidates" and isinstance(value, list):
            value = candidate_text(value, language)
        elif value is None:
            value = "—"
        values[key] = value
    return values


def location(row, column, language: str) -> str:
    texts = catalog(language)
    if row is not None and column:
        return texts["where.row_column"].format(row=row, column=column)
    if row is not None:
        return texts["where.row"].format(row=row)
    if column:
        return texts["where.column"].format(column=column)
    return ""


class _Blank(dict):
    """Format values where a parameter the sentence names was not reported: shown as a dash."""

    def __missing__(self, key):
        return "—"


def problem_text(code: str, params: dict, language: str) -> str:
    """The sentence for one problem, without its location."""
    template = catalog(language)[f"problem.{code}"]
    return template.format_map(_Blank(_params(params, language)))


def problem_message(problem, language: str, with_location: bool = True) -> str:
    text = problem_text(problem.code, problem.params, language)
    return (location(problem.row, problem.column, language) + text) if with_location else text


def severity_text(severity: str, language: str) -> str:
    return catalog(language)[f"severity.{severity}"]
