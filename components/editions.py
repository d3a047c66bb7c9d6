"""Editions over time: how cities moved between two editions of a ranking, and one city's history.

The seed has one ranking edition (Deloitte 2018); an analyst may upload more (2020, 2024, …).
Where two or more editions carry the same measure, the rankings page shows the movement between
any two of them (a slope chart and a table of changes), and the city profile the city's values
edition by edition.
"""

import altair as alt
import pandas as pd
import streamlit as st

from components import charts, city_selection, downloads, view_mode
from components.filters import tier_heading, tier_label
from components.i18n import current_language, localized, t
from components.labels import city_labels
from components.measures import higher_is_better, measure_label
from components.provenance import citation
from components.source_reader import source_caption
from components.values import is_missing, number_text
from queries.rankings import ranking_movement

FROM_KEY, TO_KEY = "from_edition", "to_edition"
STATUSES = ("up", "down", "same", "new", "dropped")


def sharing(editions: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The editions that carry `measure`, oldest first."""
    carrying = editions[[measure in list(measures) for measures in editions["measures"]]]
    return carrying.sort_values(["year", "edition"])


def movement_section(editions: pd.DataFrame, measure: str, tiers: list[str]) -> None:
    """Movement of `measure` between two editions (chosen, kept in ?from_edition=&to_edition=)."""
    carrying = sharing(editions, measure)
    label = measure_label(measure)
    st.subheader(t("editions.title", measure=label))
    if len(carrying) < 2:
        st.caption(t("editions.one", measure=label))
        return
    labels = dict(zip(carrying["edition"], carrying[f"label_{current_language()}"]))
    options = list(labels)
    columns = st.columns(2) if view_mode.shows(FROM_KEY) else [st.container(), st.container()]
    with columns[0]:
        start = view_mode.control(
            st.selectbox, t("editions.from"), key=FROM_KEY, options=options, default=options[-2], format_func=labels.get
        )
    with columns[1]:
        end = view_mode.control(
            st.selectbox, t("editions.to"), key=TO_KEY, options=options, default=options[-1], format_func=labels.get
        )
    if start == end:
        st.info(t("editions.same_edition"))
        return
    rows = movement_rows(ranking_movement(measure, start, end, tiers), measure)
    if rows.empty:
        st.info(t("editions.no_cities"))
        return
    names = (labels[start], labels[end])
    charts.show(
        slope_chart,
        slope_rows(rows, *names),
        label,
        higher_is_better(measure),
        names,
        **city_selection.chart_events("slope"),
    )
    downloads.table(
        movement_table(rows, *names),
        "edition_movement",
        **city_selection.table_events("edition_movement", list(rows["city_code"])),
    )
    cited = pd.concat(
        [
            rows.rename(
                columns={"from_source_id": "source_id", "from_source_lines": "source_lines", "from_quote": "quote"}
            ),
            rows.rename(columns={"to_source_id": "source_id", "to_source_lines": "source_lines", "to_quote": "quote"}),
        ]
    )
    source_caption(cited[["source_id", "source_lines", "quote"]], basis_column=None)


def movement_rows(frame: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Each city with its two values, the change (positive = moved to a better place) and status."""
    better = higher_is_better(measure)
    rows = frame.copy()
    rows["city_label"] = city_labels(rows)
    rows["tier_label"] = [tier_label(tier) for tier in rows["tier"]]
    change = rows["to_value"] - rows["from_value"]
    rows["change"] = change if better else -change
    rows["status"] = [_status(row) for row in rows.to_dict("records")]
    return rows.assign(**city_selection.flags(rows["city_code"]))


def _status(row: dict) -> str:
    if is_missing(row["from_value"]):
        return "new"
    if is_missing(row["to_value"]):
        return "dropped"
    return "up" if row["change"] > 0 else "down" if row["change"] < 0 else "same"


def _change_text(row: dict) -> str:
    if row["status"] in ("new", "dropped"):
        return t(f"editions.status.{row['status']}")
    arrow = {"up": "↑", "down": "↓", "same": "="}[row["status"]]
    return f"{arrow} {number_text(abs(row['change'])) if row['change'] else '0'}"


def movement_table(rows: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    order = {status: index for index, status in enumerate(STATUSES)}
    ordered = rows.assign(_order=rows["status"].map(order)).sort_values(["_order", "change"], ascending=[True, False])
    records = ordered.to_dict("records")
    return pd.DataFrame(
        {
            t("col.city"): ordered["city_label"],
            tier_heading(): ordered["tier_label"],
            start: [number_text(r["from_value"]) or t("editions.absent") for r in records],
            end: [number_text(r["to_value"]) or t("editions.absent") for r in records],
            t("editions.change"): [_change_text(r) for r in records],
            t("col.source"): [
                ", ".join(
                    citation(r[f"{side}_source_id"], r[f"{side}_source_lines"])
                    for side in ("from", "to")
                    if not is_missing(r[f"{side}_source_id"])
                )
                for r in records
            ],
        }
    )


def slope_rows(rows: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """Long form for the slope chart: one point per city and edition it is printed in."""
    points = []
    for row in rows.to_dict("records"):
        for side, edition in (("from", start), ("to", end)):
            if is_missing(row[f"{side}_value"]):
                continue
            points.append(
                {
                    "city_code": row["city_code"],
                    "city_label": row["city_label"],
                    "tier_label": row["tier_label"],
                    "edition_label": edition,
                    "side": side,
                    "value": float(row[f"{side}_value"]),
                    "change": _change_text(row),
                    "citation": citation(row[f"{side}_source_id"], row[f"{side}_source_lines"]),
                    "sel": row["sel"],
                    "dim": row["dim"],
                }
            )
    return pd.DataFrame(points)


def slope_chart(points: pd.DataFrame, label: str, higher: bool, editions: tuple[str, str]) -> alt.TopLevelMixin:
    """Two editions side by side, a line per city from its place in one to its place in the other."""
    base = alt.Chart(points).encode(
        x=alt.X("edition_label:N", sort=list(editions), title=None, axis=alt.Axis(labelAngle=0, labelFontSize=12)),
        y=alt.Y("value:Q", title=label, scale=alt.Scale(reverse=not higher, zero=False, nice=False)),
    )
    lines = charts.faded(
        base.mark_line(strokeWidth=1.6).encode(detail="city_code:N", color=charts.tier_color(legend=False))
    )
    dots = charts.pickable(
        base.mark_circle(size=70).encode(
            color=charts.tier_color(),
            tooltip=[
                alt.Tooltip("city_label:N", title=t("col.city")),
                alt.Tooltip("edition_label:N", title=t("editions.edition")),
                alt.Tooltip("value:Q", title=label),
                alt.Tooltip("change:N", title=t("editions.change")),
                alt.Tooltip("citation:N", title=t("col.source")),
            ],
        ),
        legend=True,
    )
    left = charts.faded(
        base.transform_filter("datum.side == 'from'")
        .mark_text(align="right", dx=-8, fontSize=11)
        .encode(text="city_label:N")
    )
    right = charts.faded(
        base.transform_filter("datum.side == 'to'")
        .mark_text(align="left", dx=8, fontSize=11)
        .encode(text=alt.Text("label:N"))
        .transform_calculate(label="datum.city_label + '  ' + datum.change")
    )
    title = alt.TitleParams(t("editions.chart_title", measure=label), subtitle=t("editions.chart_subtitle"))
    return charts.themed((lines + dots + left + right).properties(title=title, height=420))


def history(frame: pd.DataFrame) -> None:
    """A city's values of each measure printed in more than one edition (the profile)."""
    if frame.empty:
        return
    st.subheader(t("editions.history_title"))
    for measure, rows in frame.groupby("measure", sort=False):
        first, last = rows.iloc[0], rows.iloc[-1]
        st.caption(
            t(
                "editions.history_line",
                measure=measure_label(str(measure)),
                first=number_text(first["value"]),
                first_edition=localized(first.to_dict(), "edition"),
                last=number_text(last["value"]),
                last_edition=localized(last.to_dict(), "edition"),
            )
        )
        charts.show(history_chart, _history_points(rows), measure_label(str(measure)), higher_is_better(str(measure)))
        source_caption(rows, basis_column=None)


def _history_points(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "edition_label": [localized(r, "edition") for r in rows.to_dict("records")],
            "year": rows["year"].astype(int),
            "value": rows["value"].astype(float),
            "citation": [citation(s, lines) for s, lines in zip(rows["source_id"], rows["source_lines"])],
        }
    )


def history_chart(points: pd.DataFrame, label: str, higher: bool) -> alt.TopLevelMixin:
    base = alt.Chart(points).encode(
        x=alt.X(
            "edition_label:N",
            sort=points.sort_values("year")["edition_label"].tolist(),
            title=None,
            axis=alt.Axis(labelAngle=0),
        ),
        y=alt.Y("value:Q", title=label, scale=alt.Scale(reverse=not higher, zero=False)),
    )
    line = base.mark_line(point=alt.OverlayMarkDef(size=80), color="#0072B2").encode(
        tooltip=[
            alt.Tooltip("edition_label:N", title=t("editions.edition")),
            alt.Tooltip("value:Q", title=label),
            alt.Tooltip("citation:N", title=t("col.source")),
        ]
    )
    text = base.mark_text(dy=-12, fontSize=12).encode(text=alt.Text("value:Q", format="~g"))
    return charts.themed((line + text).properties(title=label, height=200))
