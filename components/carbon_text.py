"""Carbon targets in words: '2027年前达峰', 'Peaked 12/2020', 'Peak year to be determined'."""

from components.i18n import t
from components.values import is_missing

QUALIFIERS = ("before", "around", "by", "in")


def _peak_case(row: dict) -> str:
    """Which wording a peak target needs: none, undetermined, achieved, or its qualifier."""
    status = row.get("peak_status")
    if is_missing(status):
        return "none"
    if status == "undetermined" or is_missing(row.get("peak_year")):
        return "undetermined"
    if status == "achieved":
        return "achieved"
    qualifier = row.get("peak_qualifier")
    return qualifier if qualifier in QUALIFIERS else "by"


def peak_text(row: dict) -> str:
    case = _peak_case(row)
    if case == "none":
        return t("carbon.no_target")
    if case == "undetermined":
        return t("carbon.peak_undetermined")
    year = int(row["peak_year"])
    if case == "achieved":
        month = row.get("peak_month")
        if is_missing(month):
            return t("carbon.peak_achieved_year", year=year)
        return t("carbon.peak_achieved", year=year, month=int(month))  # type: ignore[arg-type]  # not missing
    return t(f"carbon.peak_{case}", year=year)


def peak_short(row: dict) -> str:
    """A few characters for a headline figure: '2020 已达峰', '2027年前', '待明确'."""
    case = _peak_case(row)
    if case in ("none", "undetermined"):
        return t(f"carbon.short.{case}")
    return t(f"carbon.short.{'by' if case == 'in' else case}", year=int(row["peak_year"]))


def neutrality_text(row: dict) -> str | None:
    year = row.get("neutrality_year")
    if is_missing(year):
        return None
    qualifier = row.get("neutrality_qualifier")
    return t(f"carbon.neutral_{qualifier if qualifier in QUALIFIERS else 'by'}", year=int(year))  # type: ignore[arg-type]


def target_text(row: dict) -> str:
    neutral = neutrality_text(row)
    return peak_text(row) if neutral is None else f"{peak_text(row)} · {neutral}"
