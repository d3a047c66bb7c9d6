"""The carbon page's pieces: headline figures, the timeline, the year map and related figures."""

import datetime as dt
import time

import altair as alt
import pandas as pd
import streamlit as st

from components import charts, layout, maps, page_context, source_reader, view_mode
from components.carbon_text import neutrality_text, peak_text
from components.filters import tier_heading, tier_label
from components.i18n import current_language, has_text, localized, localized_column, t
from components.labels import city_label, city_labels, city_title
from components.legend import legend_html
from components.map_points import MapPoints, MapView
from components.map_render import LegendItem
from components.page_context import wording
from components.palette import hex_to_rgba, tier_rgba
from components.provenance import citation
from components.values import is_missing
from queries.cache import cached_on_data

YEAR_KEY = "year"
FIRST_YEAR, LAST_YEAR = 2020, 2060
STATUS_HEX = {"peaked": "#56B4E9", "before_peak": "#D55E00", "target_passed": "#CC79A7", "no_target": "#BBBBBB"}
# Tier rules drawn as bands: 'before 2025' spans the report's present up to the year,
# 'around 2025' a year either side.
RULE_SPAN = {"before": (FIRST_YEAR, 0), "around": (-1, 1), "by": (FIRST_YEAR, 0), "in": (0, 0)}


def this_year() -> int:
    return min(max(dt.date.today().year, FIRST_YEAR), LAST_YEAR)


def status_in_year(row: dict, year: int) -> str:
    status, peak = row.get("peak_status"), row.get("peak_year")
    if is_missing(status) or status == "undetermined" or peak is None or is_missing(peak):
        return "no_target"
    if status == "achieved":
        return "peaked" if year >= peak else "before_peak"
    return "target_passed" if year >= peak else "before_peak"


def headline(cities: pd.DataFrame, targets: pd.DataFrame) -> None:
    with_target = cities["peak_status"].notna() & cities["peak_status"].ne("undetermined")
    columns = st.columns(4)
    columns[0].metric(t("carbon.metric.with_target"), int(with_target.sum()))
    columns[1].metric(t("carbon.metric.peaked"), int(cities["peak_status"].eq("achieved").sum()))
    columns[2].metric(t("carbon.metric.rules"), int(targets["subject"].eq("tier").sum()))
    columns[3].metric(t("carbon.metric.without"), int((~with_target).sum()))


def cited_figures(targets: pd.DataFrame) -> list[source_reader.Figure]:
    """The headline counts and the target lines they count."""
    cities = targets[targets["subject"] == "city"]
    return [
        source_reader.Figure(t("carbon.metric.with_target"), cities[cities["peak_status"].ne("undetermined")]),
        source_reader.Figure(t("carbon.metric.peaked"), cities[cities["peak_status"].eq("achieved")]),
        source_reader.Figure(t("carbon.metric.rules"), targets[targets["subject"] == "tier"]),
    ]


PLAYING_KEY = "carbon_playing"
STEP_SECONDS = 0.9


def year_control() -> int:
    """The map's year: a slider kept in ?year=, and a play button that steps through the years."""
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    if not view_mode.shows(YEAR_KEY):
        return view_mode.control(st.select_slider, t("carbon.year"), key=YEAR_KEY, options=years, default=this_year())
    left, right = st.columns([5, 1], vertical_alignment="bottom")
    with left:
        view_mode.control(st.select_slider, t("carbon.year"), key=YEAR_KEY, options=years, default=this_year())
    playing = st.session_state.get(PLAYING_KEY, False)
    if right.button(
        t("carbon.stop") if playing else t("carbon.play"),
        icon=":material/pause:" if playing else ":material/play_arrow:",
        key="carbon_play_button",
    ):
        st.session_state[PLAYING_KEY] = not playing
        if not playing and st.session_state[YEAR_KEY] >= LAST_YEAR:
            st.session_state[YEAR_KEY] = FIRST_YEAR
        st.rerun()
    return st.session_state[YEAR_KEY]


def _advance_year() -> None:
    """While playing, move one year on per step; at the last year stop and rerun the page."""
    now = time.monotonic()
    if now - st.session_state.get("_carbon_last_step", 0.0) < STEP_SECONDS * 0.8:
        return
    st.session_state["_carbon_last_step"] = now
    if st.session_state[YEAR_KEY] >= LAST_YEAR:
        st.session_state[PLAYING_KEY] = False
        st.rerun()  # a full run writes the final year back to the URL
    st.session_state[YEAR_KEY] += 1


def map_panel(cities: pd.DataFrame, source: str) -> None:
    """Year control and map in a fragment, so playing redraws only the map."""
    playing = st.session_state.get(PLAYING_KEY, False) and view_mode.shows(YEAR_KEY)

    def panel() -> None:
        if playing and YEAR_KEY in st.session_state:
            _advance_year()
        year = year_control()
        st.markdown(f"**{t('carbon.map_title', year=year)}**")
        year_map(cities, year, source)

    page_context.fragment(panel, run_every=STEP_SECONDS if playing else None)


def presentation_lead(cities: pd.DataFrame, targets: pd.DataFrame) -> None:
    """Presentation mode's lead: how many cities have peaked, and what the tier rules say."""
    peaked = cities[cities["peak_status"].eq("achieved")]
    with_target = cities[cities["peak_status"].notna() & cities["peak_status"].ne("undetermined")]
    rules = {row["tier"]: peak_text(row) for row in targets[targets["subject"] == "tier"].to_dict("records")}
    names = t("list.separator").join(city_labels(peaked))
    layout.presentation_lead(
        len(peaked),
        t("present.carbon.label"),
        t(
            "present.carbon.takeaway",
            peaked=names or "—",
            targets=len(with_target),
            cities=len(cities),
            leading=rules.get("leading", "—"),
            pioneer=rules.get("pioneer", "—"),
            exploring=rules.get("exploring", "—"),
        ),
    )


@cached_on_data(max_entries=256, also=wording)
def _year_deck(cities: pd.DataFrame, year: int, language: str) -> MapView:
    rows = cities.to_dict("records")
    statuses = [status_in_year(row, year) for row in rows]
    points = MapPoints()
    markers = pd.DataFrame(
        {
            "lon": cities["lon"].astype(float),
            "lat": cities["lat"].astype(float),
            "radius": [11 if s != "no_target" else 6 for s in statuses],
            "fill": [hex_to_rgba(STATUS_HEX[s], 235) for s in statuses],
            "line": [tier_rgba(row["tier"]) for row in rows],
            "line_width": [3.0] * len(rows),
            "label": city_labels(cities).tolist(),
            "tooltip": [
                points.tooltip(
                    city_title(row),
                    [
                        (t("carbon.col.status"), t(f"carbon.status.{status}")),
                        (t("carbon.col.peak"), peak_text(row)),
                        (t("carbon.col.neutral"), neutrality_text(row)),
                        (tier_heading(), tier_label(row["tier"], row["tier_basis"])),
                        (
                            t("col.source"),
                            None if is_missing(row["source_id"]) else citation(row["source_id"], row["source_lines"]),
                        ),
                    ],
                    row["lon"],
                    row["lat"],
                )
                for row, status in zip(rows, statuses)
            ],
            "code": cities["city_code"],
        }
    )
    return maps.map_view(maps.china_layers(markers), points)


def status_legend_items() -> list[LegendItem]:
    items = [LegendItem(t(f"carbon.status.{status}"), colour) for status, colour in STATUS_HEX.items()]
    return items + [LegendItem(t("carbon.size_note", tier=tier_heading()))]


def year_map(cities: pd.DataFrame, year: int, source: str) -> None:
    items = status_legend_items()
    maps.show_deck(
        _year_deck(cities, year, current_language()),
        key="carbon_map",
        height=340,
        title=t("carbon.map_title", year=year),
        legend=items,
        source=source,
    )
    legend_html(items)


def timeline_rows(targets: pd.DataFrame) -> pd.DataFrame:
    """One chart row per city target and per tier rule, with the marks each needs."""
    rows = []
    for row in targets.to_dict("records"):
        is_rule = row["subject"] == "tier"
        label = (
            t("carbon.rule_row", tier=tier_label(row["tier"]))
            if is_rule
            else t("carbon.city_row", city=city_label(row), tier=tier_label(row["tier"]))
        )
        peak, qualifier = row["peak_year"], row["peak_qualifier"]
        start, end = (None, None)
        if is_rule and not is_missing(peak):
            before, after = RULE_SPAN.get(qualifier, (0, 0))
            start = before if before == FIRST_YEAR else peak + before
            end = peak + after
        rows.append(
            {
                "label": label,
                "kind": "rule" if is_rule else "city",
                "tier_label": tier_label(row["tier"]),
                "status": row["peak_status"],
                "peak": None if is_missing(peak) else int(peak),
                "neutral": None if is_missing(row["neutrality_year"]) else int(row["neutrality_year"]),
                "peak_text": peak_text(row) if row["peak_status"] != "undetermined" else t("carbon.rule_tbd"),
                "neutral_text": neutrality_text(row) or "",
                "band_start": start,
                "band_end": end,
                "citation": citation(row["source_id"], row["source_lines"]),
            }
        )
    return pd.DataFrame(rows)


def national_goals(facts: pd.DataFrame) -> pd.DataFrame:
    """Reference lines for the national goals, only where a sourced row supports them."""
    goals = facts[facts["topic"] == "national_goal"]
    return pd.DataFrame(
        {
            "year": goals["value"].astype(int),
            "text": [
                t("carbon.national_goal", year=int(v), goal=localized(row, "label"))
                for v, row in zip(goals["value"], goals.to_dict("records"))
            ],
        }
    )


def timeline_chart(rows: pd.DataFrame, goals: pd.DataFrame, today: int) -> alt.TopLevelMixin:
    order = rows["label"].tolist()
    y = alt.Y("label:N", sort=order, title=None, axis=charts.category_axis(order))
    x_scale = alt.Scale(domain=[FIRST_YEAR, LAST_YEAR + 2], nice=False)
    x = alt.X("peak:Q", title=None, scale=x_scale, axis=alt.Axis(format="d", tickCount=9))
    base = alt.Chart(rows)
    tooltip = [
        alt.Tooltip("label:N", title=t("carbon.col.row")),
        alt.Tooltip("peak_text:N", title=t("carbon.col.peak")),
        alt.Tooltip("neutral_text:N", title=t("carbon.col.neutral")),
        alt.Tooltip("citation:N", title=t("col.source")),
    ]
    bands = (
        base.transform_filter("datum.band_start != null")
        .mark_bar(opacity=0.35, height=14)
        .encode(
            x=alt.X("band_start:Q", scale=x_scale),
            x2="band_end:Q",
            y=y,
            color=charts.tier_color(rows, legend=False),
            tooltip=tooltip,
        )
    )
    span = (
        base.transform_filter("datum.neutral != null")
        .mark_rule(strokeWidth=2)
        .encode(x=x, x2="neutral:Q", y=y, color=charts.tier_color(rows, legend=False))
    )
    # A target still ahead: a dotted line from this year to the target year.
    ahead = (
        base.transform_filter(f"datum.kind == 'city' && datum.status == 'target' && datum.peak > {today}")
        .transform_calculate(now=str(today))
        .mark_rule(strokeDash=[2, 3], strokeWidth=1.5)
        .encode(x=alt.X("now:Q", scale=x_scale), x2="peak:Q", y=y, color=charts.tier_color(rows, legend=False))
    )
    achieved = (
        base.transform_filter("datum.status == 'achieved'")
        .mark_point(shape="diamond", size=160, filled=True, opacity=1)
        .encode(x=x, y=y, color=charts.tier_color(rows), tooltip=tooltip)
    )
    target = (
        base.transform_filter("datum.status == 'target' && datum.kind == 'city'")
        .mark_point(shape="circle", size=130, filled=False, strokeWidth=2.5)
        .encode(x=x, y=y, color=charts.tier_color(rows), tooltip=tooltip)
    )
    neutral = (
        base.transform_filter("datum.neutral != null")
        .mark_point(shape="square", size=110, filled=True)
        .encode(x=alt.X("neutral:Q", scale=x_scale), y=y, color=charts.tier_color(rows, legend=False), tooltip=tooltip)
    )
    labels = (
        base.mark_text(align="left", dx=9, fontSize=11)
        .encode(x=alt.X("peak_x:Q", scale=x_scale), y=y, text="peak_text:N")
        .transform_calculate(
            peak_x=f"datum.peak == null ? {FIRST_YEAR + 1} : (datum.band_end != null ? datum.band_end : datum.peak)"
        )
    )
    # This year: a grey dotted rule, named at the foot of the plot (the goal lines are named on top).
    now = alt.Chart(pd.DataFrame({"year": [today], "text": [t("carbon.today_line", year=today)]}))
    now_rule = now.mark_rule(strokeDash=[2, 3], color="#777777").encode(x=alt.X("year:Q", scale=x_scale))
    now_label = now.mark_text(align="left", baseline="bottom", dx=3, dy=-2, fontSize=10, color="#555555").encode(
        x=alt.X("year:Q", scale=x_scale), y=alt.value({"expr": "height"}), text="text:N"
    )
    layers = [bands, ahead, span, achieved, target, neutral, labels, now_rule, now_label]
    if not goals.empty:
        goal_chart = alt.Chart(goals)
        layers += [
            goal_chart.mark_rule(strokeDash=[6, 4], color="#444444").encode(x=alt.X("year:Q", scale=x_scale)),
            # Two short lines ("2030 national" / "carbon peak goal*"), so the two goals' names do
            # not run into each other above a chart half a page wide.
            goal_chart.mark_text(
                align="right", baseline="bottom", dx=-3, dy=-4, fontSize=10, color="#444444", lineBreak="|"
            ).encode(x=alt.X("year:Q", scale=x_scale), y=alt.value(0), text="text:N"),
        ]
    title = charts.chart_title(t("carbon.timeline_title"), t("carbon.timeline_subtitle"))
    return charts.themed(alt.layer(*layers).properties(title=title, height=charts.band_step(order, minimum=36)))


def fact_value_text(row: dict) -> str:
    """A share as the reader should take it: '50%左右' as printed in Chinese, 'about 50%' in English."""
    if current_language() == "zh" and not is_missing(row.get("value_text")):
        return str(row["value_text"])
    value = f"{float(row['value']):g}%"
    qualifier = row.get("qualifier")
    return t(f"carbon.qualified.{qualifier}", value=value) if has_text(f"carbon.qualified.{qualifier}") else value


def facts_chart(facts: pd.DataFrame) -> alt.TopLevelMixin:
    """Shares the reports give, one panel per base (of global emissions, of China's emissions, of
    emission reductions, …): shares of different wholes never share an axis unlabelled."""
    shares = facts[facts["unit"] == "%"].copy()
    shares["label"] = localized_column(shares, "label")
    shares["base"] = [t(f"carbon.base.{topic}_{scope}") for topic, scope in zip(shares["topic"], shares["scope"])]
    shares["value_label"] = [fact_value_text(row) for row in shares.to_dict("records")]
    shares["citation"] = [citation(s, lines) for s, lines in zip(shares["source_id"], shares["source_lines"])]
    shares = shares[["label", "base", "value", "value_label", "citation"]]
    order = shares.sort_values("value", ascending=False)["label"].tolist()
    bases = list(dict.fromkeys(shares.sort_values("value", ascending=False)["base"]))
    base = alt.Chart().encode(
        y=alt.Y("label:N", sort=order, title=None, axis=charts.category_axis(shares["label"])),
        x=alt.X(
            "value:Q",
            title=t("carbon.col.value"),
            scale=alt.Scale(domain=[0, 115], nice=False),
            axis=alt.Axis(values=[0, 20, 40, 60, 80, 100]),
        ),
    )
    bars = base.mark_bar(color="#56B4E9").encode(
        tooltip=[
            alt.Tooltip("label:N", title=t("carbon.col.row")),
            alt.Tooltip("base:N", title=t("carbon.col.base")),
            alt.Tooltip("value_label:N", title=t("carbon.col.value_stated")),
            alt.Tooltip("citation:N", title=t("col.source")),
        ],
    )
    text = base.mark_text(align="left", dx=3).encode(text="value_label:N")
    step = charts.band_step(shares["label"], minimum=24)
    panels = (
        alt.layer(bars, text, data=shares)
        .properties(height=step)
        .facet(
            row=alt.Row(
                "base:N",
                sort=bases,
                title=None,
                header=alt.Header(
                    labelAngle=0,
                    labelAlign="left",
                    labelAnchor="start",
                    labelOrient="top",
                    labelFontWeight="bold",
                    labelFontSize=12,
                    labelLimit=charts.TITLE_WIDTH,
                ),
            ),
            spacing=6,
        )
        .resolve_scale(y="independent")
    )
    title = charts.chart_title(t("carbon.facts_title"), t("carbon.facts_subtitle"))
    return charts.themed(panels.properties(title=title))


def no_target_cities(cities: pd.DataFrame) -> str:
    missing = cities[cities["peak_status"].isna()]
    names = t("list.separator").join(city_labels(missing))
    return t("carbon.no_target_list", count=len(missing), names=names)
