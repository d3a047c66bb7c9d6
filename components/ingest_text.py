"""Upload problems in the user's language: 'Row 12, column “排名”: 0 is not a rank …'.

The queries layer reports codes and parameters (queries.ingest.problems); this module is the only
place that turns them into sentences, for the app (current language) and the CLI (English).
"""

from components.i18n import catalog, current_language


def _language(language: str | None) -> str:
    return language or current_language()


def candidate_text(candidates: list[dict], language: str | None = None) -> str:
    language = _language(language)
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


def location(row, column, language: str | None = None) -> str:
    texts = catalog(_language(language))
    if row is not None and column:
        return texts["where.row_column"].format(row=row, column=column)
    if row is not None:
        return texts["where.row"].format(row=row)
    if column:
        return texts["where.column"].format(column=column)
    return ""


def problem_text(code: str, params: dict, language: str | None = None) -> str:
    """The sentence for one problem, without its location."""
    language = _language(language)
    template = catalog(language)[f"problem.{code}"]
    values = _params(params, language)

    class _Missing(dict):
        def __missing__(self, key):
            return "—"

    return template.format_map(_Missing(values))


def problem_message(problem, language: str | None = None, with_location: bool = True) -> str:
    text = problem_text(problem.code, problem.params, language)
    return (location(problem.row, problem.column, language) + text) if with_location else text


def severity_text(severity: str, language: str | None = None) -> str:
    return catalog(_language(language))[f"severity.{severity}"]
