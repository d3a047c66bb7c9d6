"""Carbon targets in words: '2027年前达峰', 'Peaked 12/2020', 'Peak year to be determined'."""

from components.i18n import t
from components.values import is_missing


def peak_text(row: dict) -> str:
    status, year = row.get("peak_status"), row.get("peak_year")
    if is_missing(status):
        return t("carbon.no_target")
    if status == "undetermined" or is_missing(year):
        return t("carbon.peak_undetermined")
    year = int(year)
    if status == "achieved":
        month = row.get("peak_month")
        return t("carbon.peak_achieved_year", year=year) if is_missing(month) else t(
            "carbon.peak_achieved", year=year, month=int(month)
        )
    qualifier = row.get("peak_qualifier")
    return t(f"carbon.peak_{qualifier if qualifier in ('before', 'around', 'by', 'in') else 'by'}", year=year)


def neutrality_text(row: dict) -> str | None:
    year = row.get("neutrality_year")
    if is_missing(year):
        return None
    qualifier = row.get("neutrality_qualifier")
    return t(f"carbon.neutral_{qualifier if qualifier in ('before', 'around', 'by', 'in') else 'by'}", year=int(year))


def target_text(row: dict) -> str:
    neutral = neutrality_text(row)
    return peak_text(row) if neutral is None else f"{peak_text(row)} · {neutral}"


def peak_short(row: dict) -> str:
    """A few characters for a headline figure: '2020 已达峰', '2027年前', '待明确'."""
    status, year = row.get("peak_status"), row.get("peak_year")
    if is_missing(status):
        return t("carbon.short.none")
    if status == "undetermined" or is_missing(year):
        return t("carbon.short.undetermined")
    if status == "achieved":
        return t("carbon.short.achieved", year=int(year))
    qualifier = row.get("peak_qualifier")
    return t(f"carbon.short.{qualifier if qualifier in ('before', 'around') else 'by'}", year=int(year))
