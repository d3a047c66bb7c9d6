"""The compare page's pieces: choosing 2–6 cities and reading them side by side.

Everything comes from the city profiles (queries.cities.city_profile, one per city): tiers, every
ranking and measure (with the gap between the cities and who leads), pilots, carbon targets,
scenarios covered and per-city figures. A value the reports do not give says so in words.
"""

from dataclasses import dataclass, field

import altair as alt
import pandas as pd
import streamlit as st

from components import charts, downloads, layout, maps, source_reader, view_mode
from components.carbon_text import target_text
from components.city_choice import CITIES_KEY, MAX_CITIES, directory_labels, joined, parse_cities, split
from components.filters import tier_label
from components.i18n import current_language, localized, t
from components.labels import city_label, city_title, framework_label, level_label, period_text
from components.map_focus import fit_view
from components.map_points import MapPoints, MapView
from components.measures import higher_is_better, measure_label
from components.page_context import current, wording
from components.palette import hex_to_rgba
from components.safe_text import html_text, markdown_text
from components.source_reader import Citation, citations_of
from components.values import is_missing, number_text, quantity_text
from queries.cache import cached_on_data
from queries.cities import city_profile, city_record, resolve_city

PICK_KEY = "compare-pick"
_PROBLEM = "_compare_problem"
MIN_CITIES = 2
# One colour per chosen city (Paul Tol's muted scheme): distinct from the tier colours, since the
# cities compared may share a tier.
CITY_HEX = ("#332288", "#CC6677", "#117733", "#DDAA33", "#88CCEE", "#AA4499")
SECTIONS = ("tiers", "rankings", "pilots", "carbon", "scenarios", "metrics")
MEASURE_ORDER = ("smart_rank", "gdp_per_capita_rank", "rank_gap", "innovation_score")


# --- choosing ----------------------------------------------------------------------------------


def chooser(directory: pd.DataFrame) -> list[str]:
    """The cities compared: from ?cities= (codes or any spelling) and the multi-select."""
    labels = directory_labels(directory)
    page = current()
    held = st.session_state.get(CITIES_KEY) or ""
    page.url.seed(CITIES_KEY, [held] if held else [], "", parse=lambda text: _from_link(text, labels))
    names = {code: label.split(" · ")[0] for code, label in labels.items()}
    view_mode.describe(CITIES_KEY, t("compare.pick"), lambda value: "、".join(names.get(c, c) for c in split(value)))
    codes = split(st.session_state.get(CITIES_KEY))
    if page.shows_control(CITIES_KEY):
        st.session_state[PICK_KEY] = codes
        st.multiselect(
            t("compare.pick"),
            options=list(labels),
            format_func=lambda code: labels.get(code, code),
            key=PICK_KEY,
            max_selections=MAX_CITIES,
            accept_new_options=True,
            placeholder=t("compare.pick_placeholder"),
            help=t("compare.pick_help"),
            on_change=_picked,
            args=(labels,),
        )
        problem = st.session_state.pop(_PROBLEM, None)
        if problem:
            st.warning(problem)
    return codes


def _from_link(text: str, labels: dict[str, str]) -> str | None:
    codes, rejected = parse_cities(text, set(labels))
    if rejected and codes:
        current().url.notices.append((CITIES_KEY, rejected))
    return joined(codes) if codes else None


def _picked(labels: dict[str, str]) -> None:
    """Callback: typed names (北京市, Peking, 440300) become cities; the rest are reported."""
    codes: list[str] = []
    problems: list[str] = []
    for item in st.session_state.get(PICK_KEY) or []:
        found = [item] if item in labels else [code for code in resolve_city(item) if code in labels]
        if len(found) == 1:
            if found[0] not in codes:
                codes.append(found[0])
        elif found:
            choices = "；".join(labels[code] for code in found)
            problems.append(t("city.ambiguous", text=markdown_text(item), choices=choices))
        else:
            problems.append(t("city.not_found", text=markdown_text(item)))
    st.session_state[CITIES_KEY] = joined(codes[:MAX_CITIES])
    if problems:
        st.session_state[_PROBLEM] = " ".join(problems)


# --- what the reports say about each city, side by side ----------------------------------------


@dataclass
class City:
    code: str
    record: dict
    profile: dict[str, pd.DataFrame]
    colour: str

    @property
    def name(self) -> str:
        return city_label(self.record)


def load(codes: list[str]) -> list[City]:
    cities: list[City] = []
    for code in codes:
        record = city_record(code)
        if record is not None:
            cities.append(City(code, record, city_profile(code), CITY_HEX[len(cities) % len(CITY_HEX)]))
    return cities


@dataclass
class Row:
    """One line of the comparison: an item and each city's value (text, number) with its sources."""

    section: str
    item: str
    cells: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, float] = field(default_factory=dict)
    citations: list[Citation] = field(default_factory=list)
    higher_is_better: bool | None = None  # set for measures: the gap and who leads
    measure: str = ""

    def gap(self, cities: list[City]) -> tuple[str, str]:
        """('22', '深圳') for a measure two or more cities have; ('', '') otherwise."""
        if self.higher_is_better is None or len(self.numbers) < 2:
            return "", ""
        values = self.numbers
        best = (max if self.higher_is_better else min)(values, key=values.__getitem__)
        spread = max(values.values()) - min(values.values())
        name = next(city.name for city in cities if city.code == best)
        return number_text(spread) or "", name


def _missing() -> str:
    return t("compare.missing")


def _cite(frame: pd.DataFrame, city: City) -> list[Citation]:
    return [
        Citation(c.source_id, c.lines, f"{city.name} · {c.label}" if c.label else city.name)
        for c in citations_of(frame)
    ]


def comparison(cities: list[City]) -> list[Row]:
    """Every row of the comparison, section by section, in a stable order."""
    rows: list[Row] = []
    for section in SECTIONS:
        rows.extend(_SECTION_ROWS[section](cities))
    for row in rows:
        for city in cities:
            row.cells.setdefault(city.code, _missing())
    return rows


def _tier_rows(cities: list[City]) -> list[Row]:
    found: dict[str, Row] = {}
    for city in cities:
        tiers = city.profile["tiers"]
        for edition, rows in tiers.groupby(f"edition_{current_language()}", sort=False):
            row = found.setdefault(edition, Row("tiers", f"{edition}"))
            primary = rows[rows["is_primary"]]
            others = rows[~rows["is_primary"]]
            text = "、".join(tier_label(tier, basis) for tier, basis in zip(primary["tier"], primary["basis"]))
            if not others.empty:
                also = "、".join(tier_label(tier, basis) for tier, basis in zip(others["tier"], others["basis"]))
                text = t("compare.also", tier=text, others=also)
            row.cells[city.code] = text
            row.citations += _cite(rows, city)
    return list(found.values())


def _ranking_rows(cities: list[City]) -> list[Row]:
    found: dict[tuple[str, str], Row] = {}
    for city in cities:
        ranks = city.profile["rankings"]
        for record in ranks.to_dict("records"):
            key = (record["edition"], record["measure"])
            label = f"{localized(record, 'edition')} · {measure_label(record['measure'])}"
            row = found.setdefault(
                key,
                Row("rankings", label, higher_is_better=higher_is_better(record["measure"]), measure=record["measure"]),
            )
            if city.code in row.numbers:  # printed twice (济南, 2018): the first printing counts
                continue
            row.numbers[city.code] = float(record["value"])
            row.cells[city.code] = number_text(record["value"]) or _missing()
            row.citations += _cite(pd.DataFrame([record]), city)
    order = {measure: index for index, measure in enumerate(MEASURE_ORDER)}
    return sorted(found.values(), key=lambda row: order.get(row.measure, len(order)))


def _pilot_rows(cities: list[City]) -> list[Row]:
    found: dict[str, Row] = {}
    for city in cities:
        pilots = city.profile["pilots"]
        for record in pilots.to_dict("records"):
            row = found.setdefault(record["programme"], Row("pilots", localized(record, "programme")))
            place = localized(record, "place_name") or record.get("printed_name") or ""
            details = [f"{place}（{level_label(record['level'])}）" if place else level_label(record["level"])]
            if not is_missing(record.get("batch_label")):
                details.append(str(record["batch_label"]))
            if not is_missing(record.get("year")):
                details.append(f"{int(record['year'])}")
            row.cells[city.code] = " · ".join(details)
            row.citations += _cite(pd.DataFrame([record]), city)
    return list(found.values())


def _carbon_rows(cities: list[City]) -> list[Row]:
    row = Row("carbon", t("compare.carbon_target"))
    for city in cities:
        carbon = city.profile["carbon"]
        if carbon.empty:
            row.cells[city.code] = t("compare.no_target")
            continue
        first = carbon.iloc[0].to_dict()
        row.cells[city.code] = target_text(first)
        if not is_missing(first.get("peak_year")):
            row.numbers[city.code] = float(first["peak_year"])
        row.citations += _cite(carbon.head(1), city)
    return [row]


def _scenario_rows(cities: list[City]) -> list[Row]:
    found: dict[tuple[str, str], Row] = {}
    for city in cities:
        scenarios = city.profile["scenarios"]
        for record in scenarios.to_dict("records"):
            label = f"{framework_label(record['framework'])} · {localized(record, 'scenario')}"
            row = found.setdefault((record["framework"], record["scenario"]), Row("scenarios", label))
            row.cells[city.code] = t("compare.covered")
            row.numbers[city.code] = 1.0
            row.citations += _cite(pd.DataFrame([record]), city)
    return sorted(found.values(), key=lambda row: (-len(row.numbers), row.item))


def _metric_rows(cities: list[City]) -> list[Row]:
    found: dict[tuple, Row] = {}
    for city in cities:
        metrics = city.profile["metrics"]
        for record in metrics.to_dict("records"):
            unit = localized(record, "unit")
            period = period_text(record) or ""
            key = (record["metric"], unit or "", period)
            label = " · ".join(part for part in (localized(record, "label"), unit, period) if part)
            row = found.setdefault(key, Row("metrics", label))
            if city.code in row.cells:
                continue
            row.cells[city.code] = quantity_text(record["value"], unit) or str(record.get("value_text") or "")
            if not is_missing(record.get("value")):
                row.numbers[city.code] = float(record["value"])
            row.citations += _cite(pd.DataFrame([record]), city)
    return list(found.values())


_SECTION_ROWS = {
    "tiers": _tier_rows,
    "rankings": _ranking_rows,
    "pilots": _pilot_rows,
    "carbon": _carbon_rows,
    "scenarios": _scenario_rows,
    "metrics": _metric_rows,
}


def section_frame(rows: list[Row], cities: list[City], *, with_gap: bool = False) -> pd.DataFrame:
    """The rows as a table in the interface language: item, one column per city, gap, sources."""
    table: dict[str, list] = {t("compare.col.item"): [row.item for row in rows]}
    for city in cities:
        table[city.name] = [row.cells[city.code] for row in rows]
    if with_gap:
        gaps = [row.gap(cities) for row in rows]
        table[t("compare.col.gap")] = [gap for gap, _lead in gaps]
        table[t("compare.col.lead")] = [lead for _gap, lead in gaps]
    table[t("col.source")] = [", ".join(dict.fromkeys(c.shown for c in row.citations)) for row in rows]
    return pd.DataFrame(table)


def full_frame(rows: list[Row], cities: list[City]) -> pd.DataFrame:
    """Every section in one table: what 'Download the comparison' writes."""
    frame = section_frame(rows, cities, with_gap=True)
    frame.insert(0, t("compare.col.section"), [t(f"compare.section.{row.section}") for row in rows])
    return frame


# --- drawing -----------------------------------------------------------------------------------


def presentation_lead(cities: list[City], rows: list[Row]) -> None:
    ranks = [row for row in rows if row.section == "rankings" and len(row.numbers) >= 2]
    scenarios = {
        city.code: sum(1 for row in rows if row.section == "scenarios" and city.code in row.numbers) for city in cities
    }
    if ranks:
        _gap, lead = ranks[0].gap(cities)
        first = t("present.compare.leads", city=lead, item=ranks[0].item)
    else:
        first = t("present.compare.no_shared_rank")
    most = max(cities, key=lambda city: scenarios[city.code])
    takeaway = f"{first} {t('present.compare.scenarios', city=most.name, count=scenarios[most.code])}"
    layout.presentation_lead(len(cities), "、".join(city.name for city in cities), takeaway)


def _card_lines(city: City, rows: list[Row]) -> list[tuple[str, str]]:
    """(label, value) lines of a city's card: tier, newest smart-city rank, pilots, carbon, scenarios."""
    tier = next((row for row in rows if row.section == "tiers"), None)
    smart = next((row for row in rows if row.section == "rankings" and row.measure == "smart_rank"), None)
    carbon = next((row for row in rows if row.section == "carbon"), None)
    scenarios = sum(1 for row in rows if row.section == "scenarios" and city.code in row.numbers)
    pilots = len(city.profile["pilots"])
    return [
        (t("city.metric.tier"), tier.cells[city.code] if tier else _missing()),
        (smart.item if smart else t("city.metric.smart_rank_any"), smart.cells[city.code] if smart else _missing()),
        (t("city.metric.pilots"), str(pilots) if pilots else _missing()),
        (t("compare.carbon_target"), carbon.cells[city.code] if carbon else _missing()),
        (t("compare.section.scenarios"), str(scenarios) if scenarios else _missing()),
    ]


def city_cards(cities: list[City], rows: list[Row]) -> None:
    """One compact card per city, in its colour: what the tables below detail."""
    for column, city in zip(st.columns(len(cities)), cities):
        lines = "".join(
            f'<div style="font-size:0.82rem;opacity:0.75;margin-top:0.25rem">{html_text(label)}</div>'
            f'<div style="font-size:1.05rem;font-weight:600">{html_text(value)}</div>'
            for label, value in _card_lines(city, rows)
        )
        column.markdown(
            f'<div class="atlas-city-card" style="border-top:5px solid {city.colour};padding-top:0.3rem">'
            f'<div style="font-weight:700;font-size:1.2rem">{html_text(city.record["city_name_zh"])} · '
            f"{html_text(city.record['city_name_en'])}</div>{lines}</div>",
            unsafe_allow_html=True,
        )


def _chart_item(row: Row, rows: list[Row]) -> str:
    """The measure's name alone when one edition carries it, else the edition's name too."""
    same = [other for other in rows if other.section == "rankings" and other.measure == row.measure]
    return measure_label(row.measure) if len(same) == 1 else row.item


def measures_chart(rows: list[Row], cities: list[City]) -> alt.TopLevelMixin:
    """Each measure two or more cities have, one row each: where each city stands."""
    shared = [row for row in rows if row.section == "rankings" and len(row.numbers) >= 2]
    data = pd.DataFrame(
        [
            {
                "item": _chart_item(row, rows),
                "city": city.name,
                "value": row.numbers[city.code],
                "shown": row.cells[city.code],
            }
            for row in shared
            for city in cities
            if city.code in row.numbers
        ]
    )
    names = [city.name for city in cities]
    colour = alt.Color(
        "city:N", title=t("compare.col.city"), scale=alt.Scale(domain=names, range=[c.colour for c in cities])
    )
    base = alt.Chart(data).encode(
        x=alt.X("value:Q", title=None, scale=alt.Scale(zero=False, nice=True), axis=alt.Axis(tickCount=5)),
        y=alt.Y("city:N", title=None, sort=names, axis=alt.Axis(labels=False, ticks=False, domain=False)),
    )
    dots = base.mark_circle(size=150, opacity=0.95).encode(
        color=colour,
        tooltip=[
            alt.Tooltip("item:N", title=t("compare.col.item")),
            alt.Tooltip("city:N", title=t("compare.col.city")),
            alt.Tooltip("shown:N", title=t("compare.col.value")),
        ],
    )
    labels = base.mark_text(align="left", dx=9, fontSize=11).encode(text="shown:N")
    header = alt.Header(labelOrient="top", labelAnchor="start", labelAngle=0, labelFontSize=12, labelPadding=2)
    title = alt.TitleParams(t("compare.chart.title"), subtitle=t("compare.chart.subtitle"))
    chart = (
        alt.layer(dots, labels, data=data)
        .properties(width=340, height=alt.Step(14))
        .facet(row=alt.Row("item:N", title=None, header=header, sort=list(dict.fromkeys(data["item"]))))
        .resolve_scale(x="independent")
        .properties(title=title)
    )
    return charts.themed(chart)


def show_section(rows: list[Row], cities: list[City], section: str) -> None:
    chosen = [row for row in rows if row.section == section]
    st.subheader(t(f"compare.section.{section}"))
    if not chosen:
        st.caption(t("compare.section_empty"))
        return
    frame = section_frame(chosen, cities, with_gap=section == "rankings")
    source_reader.cited_table(frame, f"compare-{section}", [row.citations for row in chosen])


def full_export(rows: list[Row], cities: list[City]) -> None:
    st.caption(t("compare.export_note"))
    downloads.table_exports(full_frame(rows, cities), "comparison")


@cached_on_data(max_entries=64, also=wording)
def _compare_deck(places: tuple[tuple[str, float, float, str, str, str], ...], language: str) -> MapView:
    """(code, lon, lat, label, full name, colour) per city: the cities in their colours, fitted."""
    points = MapPoints()
    markers = pd.DataFrame(
        {
            "lon": [round(lon, 4) for _code, lon, *_ in places],
            "lat": [round(lat, 4) for _code, _lon, lat, *_ in places],
            "radius": [10.0] * len(places),
            "fill": [hex_to_rgba(colour, 235) for *_, colour in places],
            "line": [[255, 255, 255, 255]] * len(places),
            "line_width": [1.5] * len(places),
            "label": [label for _c, _x, _y, label, _n, _h in places],
            "tooltip": [points.tooltip(name, [], lon, lat) for _c, lon, lat, _l, name, _h in places],
            "code": [code for code, *_ in places],
        }
    )
    view = fit_view(markers["lon"].tolist(), markers["lat"].tolist())
    return maps.map_view(maps.china_layers(markers, zoom=view["zoom"]), points, view=view)


def compare_map(cities: list[City]) -> None:
    located = tuple(
        (
            city.code,
            float(city.record["lon"]),
            float(city.record["lat"]),
            city.name,
            city_title(city.record),
            city.colour,
        )
        for city in cities
        if not is_missing(city.record.get("lon"))
    )
    if not located:
        return
    st.subheader(t("compare.map_title"))
    maps.show_deck(
        _compare_deck(located, current_language()),
        key="compare_map",
        height=330,
        title=t("compare.map_title"),
        legend=[],
        source=t("compare.map_source"),
    )
