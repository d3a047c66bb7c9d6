"""The pilots page's pieces: filters, the China/Europe map, per-area and maturity charts, facts."""

import altair as alt
import pandas as pd
import pydeck as pdk
import streamlit as st

from components import charts, layout, maps, source_reader, view_mode
from components.choropleth import hover_layers, shading
from components.filters import tier_heading, tier_label
from components.i18n import current_language, localized, localized_column, t
from components.labels import leaders, level_label, names_text, province_label
from components.legend import legend_html, tier_legend_items
from components.map_points import MapPoints, MapView
from components.map_render import LegendItem
from components.page_context import wording
from components.palette import PROVINCE_LINE, hex_to_rgba, tier_rgba
from components.provenance import basis_label, citation, flag_text
from components.values import is_missing
from queries.boundaries import countries_file, country_properties, province_properties
from queries.cache import cached_on_data

REGIONS = ("china", "eu")
VIEWS = {
    "china": maps.CHINA_VIEW,
    "europe": {"longitude": 12.0, "latitude": 50.5, "zoom": 2.7, "min_zoom": 1, "max_zoom": 10},
    "both": {"longitude": 62.0, "latitude": 44.0, "zoom": 1.25, "min_zoom": 0.5, "max_zoom": 10},
}
EU_MARKER_HEX = "#5D5D8A"
MATURITY_LEVEL_HEX = ["#D9D9D9", "#C6DBEF", "#6BAED6", "#2171B5", "#08306B", "#FDD0A2"]


def filters(programmes: pd.DataFrame, levels: list[str]) -> tuple[list[str], list[str], list[str], str]:
    """Programme, region, level and map extent, kept in the URL (no widgets when embedded)."""
    names = {row["programme"]: localized(row, "name") for row in programmes.to_dict("records")}
    regions = {region: t(f"pilots.region_name.{region}") for region in REGIONS}
    level_names = {level: level_label(level) for level in levels}
    extents = {view: t(f"pilots.view_name.{view}") for view in VIEWS}
    hidden = view_mode.controls_hidden()
    # One row of columns, the programmes' the widest: its pills wrap onto a second line where both
    # names do not fit (pills in a column otherwise stay on one scrolling row, which cut the first
    # name and hid the second); a row of their own pushed the map and chart below the first screen.
    columns = [st.container()] * 4 if hidden else st.columns([4, 2, 3, 3])
    with columns[0]:
        chosen = view_mode.control(
            st.pills,
            t("pilots.programme"),
            key="programme",
            options=list(names),
            default=list(names),
            multi=True,
            selection_mode="multi",
            format_func=names.get,
            wrap=True,
        )
    with columns[1]:
        region = view_mode.control(
            st.pills,
            t("pilots.region"),
            key="region",
            options=REGIONS,
            default=list(REGIONS),
            multi=True,
            format_func=regions.get,
            selection_mode="multi",
            wrap=True,
        )
    with columns[2]:
        level = view_mode.control(
            st.pills,
            t("pilots.level"),
            key="level",
            options=levels,
            default=list(levels),
            multi=True,
            format_func=level_names.get,
            selection_mode="multi",
            wrap=True,
        )
    with columns[3]:
        view = view_mode.control(
            st.segmented_control,
            t("pilots.view"),
            key="view",
            options=list(VIEWS),
            default="both",
            format_func=extents.get,
            required=True,
            wrap=True,
        )
    return list(chosen), list(region), list(level), view


def presentation_lead(places: pd.DataFrame) -> None:
    """Presentation mode's lead: pilots per region and the province or country with the most."""
    if places.empty:
        layout.presentation_lead("0", t("present.pilots.label"), t("pilots.no_places"))
        return
    counts = per_area_rows(places).groupby("area", as_index=False)["size"].sum()
    counts = counts.sort_values(["size", "area"], ascending=[False, True])  # as the chart lists them
    areas, most = leaders(counts["area"], counts["size"])
    china = places[places["region"] == "china"]
    eu = places[places["region"] == "eu"]
    layout.presentation_lead(
        len(places),
        t("present.pilots.label"),
        t(
            "present.pilots.takeaway_tied" if len(areas) > 1 else "present.pilots.takeaway",
            china=len(china),
            provinces=china["province_code"].nunique(),
            eu=len(eu),
            countries=eu["country"].nunique(),
            area=names_text(areas),
            most=int(most),
        ),
    )


def headline(places: pd.DataFrame) -> None:
    columns = st.columns(4)
    columns[0].metric(t("pilots.metric.total"), len(places))
    columns[1].metric(t("pilots.metric.china"), int(places["region"].eq("china").sum()))
    columns[2].metric(t("pilots.metric.eu"), int(places["region"].eq("eu").sum()))
    columns[3].metric(t("pilots.metric.provinces"), places.loc[places["region"].eq("china"), "province_code"].nunique())


def cited_figures(places: pd.DataFrame) -> list[source_reader.Figure]:
    """The pilot counts of the headline and the lines listing each place."""
    return [
        source_reader.Figure(t("pilots.metric.china"), places[places["region"].eq("china")]),
        source_reader.Figure(t("pilots.metric.eu"), places[places["region"].eq("eu")]),
    ]


def place_label(row: dict) -> str:
    return row["place_name_zh"] if current_language() == "zh" else (row["place_name_en"] or row["place_name_zh"])


def _markers(places: pd.DataFrame, points: MapPoints) -> pd.DataFrame:
    located = places.dropna(subset=["lon", "lat"])
    rows = located.to_dict("records")
    return pd.DataFrame(
        {
            "lon": located["lon"].astype(float).round(4),
            "lat": located["lat"].astype(float).round(4),
            "radius": [7.0] * len(rows),
            "fill": [tier_rgba(r["tier"]) if r["region"] == "china" else hex_to_rgba(EU_MARKER_HEX) for r in rows],
            "line": [[255, 255, 255, 230]] * len(rows),
            "line_width": [1.0] * len(rows),
            "label": [place_label(r) for r in rows],
            "tooltip": [
                points.tooltip(
                    f"{r['place_name_zh']} {r['place_name_en'] or ''}",
                    [
                        (t("pilots.level"), level_label(r["level"])),
                        (t("pilots.col.area"), area_name(r)),
                        (tier_heading(), None if r["region"] != "china" else tier_label(r["tier"], r["tier_basis"])),
                        (t("pilots.col.batch"), r["batch_label"]),
                        (t("col.source"), citation(r["source_id"], r["source_lines"])),
                    ],
                    r["lon"],
                    r["lat"],
                )
                for r in rows
            ],
            "code": located["place_code"],
        }
    )


def area_name(row: dict) -> str | None:
    if row["region"] == "china":
        return province_label(row)
    return row["country_zh"] if current_language() == "zh" else row["country_en"]


@cached_on_data(max_entries=64, also=wording)
def _pilot_deck(places: pd.DataFrame, europe: pd.DataFrame, view: str, language: str) -> MapView:
    china = places[places["region"] == "china"]
    province_counts = china.groupby("province_code").size().to_dict()
    provinces = province_properties()
    province_names = {p["code"]: p["short_zh" if language == "zh" else "name_en"] for p in provinces}
    country_counts = places[places["region"] != "china"].groupby("iso3").size().to_dict()
    in_europe = tuple(sorted(set(europe["iso3"]) & {c["iso3"] for c in country_properties()}))
    country_names = {c["iso3"]: c[f"name_{language}"] for c in country_properties() if c["iso3"] in in_europe}
    count_label = t("pilots.col.count")
    zoom = VIEWS[view]["zoom"]
    points = MapPoints()  # shaded areas first, then the markers, in drawing order
    shaded = [
        maps.province_polygons(fill=shading(province_counts, "code")),
        *hover_layers(
            "provinces",
            [p["code"] for p in provinces],
            "code",
            province_counts,
            province_names,
            count_label,
            "province-pilots",
            zoom,
            points,
        ),
    ]
    if view != "china":
        shaded[1:1] = [  # countries under the provinces' hover layers
            pdk.Layer(
                "GeoJsonLayer",
                data=maps.static_url(countries_file(in_europe)),
                id="countries",
                stroked=True,
                filled=True,
                get_fill_color=shading(country_counts, "iso3"),
                get_line_color=PROVINCE_LINE,
                line_width_min_pixels=0.6,
                pickable=False,
            )
        ]
        shaded.extend(
            hover_layers(
                "countries",
                list(in_europe),
                "iso3",
                country_counts,
                country_names,
                count_label,
                "country-pilots",
                zoom,
                points,
            )
        )
    layers = maps.china_layers(_markers(places, points), base=shaded, zoom=zoom)
    return maps.map_view(layers, points, view=VIEWS[view])


def legend_items(tiers: list[str]) -> list[LegendItem]:
    return tier_legend_items(tiers) + [
        LegendItem(t("pilots.eu_marker"), EU_MARKER_HEX),
        LegendItem(t("pilots.count_legend")),
    ]


def pilot_map(places: pd.DataFrame, europe: pd.DataFrame, view: str, tiers: list[str], title: str, source: str) -> None:
    items = legend_items(tiers)
    maps.show_deck(
        _pilot_deck(places, europe, view, current_language()),
        key="pilots_map",
        height=340,  # with the filters above, map and chart stay on a 1366×768 first screen
        title=title,
        legend=items,
        source=source,
    )
    legend_html(items)


@cached_on_data(also=wording)
def per_area_rows(places: pd.DataFrame) -> pd.DataFrame:
    rows = places.assign(
        area=[area_name(r) for r in places.to_dict("records")],
        region_label=[t(f"pilots.region_name.{r}") for r in places["region"]],
    )
    return rows.groupby(["area", "region_label"], as_index=False).size()


SHOWN_AREAS = 10  # beside the map, the chart must end above the fold at 1366×768


def top_areas(counts: pd.DataFrame) -> tuple[pd.DataFrame, str | None]:
    """The areas with the most pilots, and a sentence for the ones left out of the chart."""
    ordered = counts.sort_values(["size", "area"], ascending=[False, True])
    rest = ordered.iloc[SHOWN_AREAS:]
    note = None if rest.empty else t("pilots.more_areas", areas=len(rest), pilots=int(rest["size"].sum()))
    return ordered.head(SHOWN_AREAS), note


def per_area_chart(counts: pd.DataFrame) -> alt.TopLevelMixin:
    regions = [t(f"pilots.region_name.{r}") for r in REGIONS]
    chart = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            y=alt.Y(
                "area:N",
                sort=counts["area"].tolist(),
                title=None,
                axis=charts.category_axis(counts["area"]),
                scale=alt.Scale(paddingInner=0.3),  # bars of equal length never touch
            ),
            x=alt.X("size:Q", title=t("pilots.col.count"), axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                "region_label:N",
                title=None,
                legend=alt.Legend(orient="top"),
                scale=alt.Scale(domain=regions, range=["#0072B2", EU_MARKER_HEX]),
            ),
            tooltip=[
                alt.Tooltip("area:N", title=t("pilots.col.area")),
                alt.Tooltip("size:Q", title=t("pilots.col.count")),
            ],
        )
    )
    return charts.themed(
        chart.properties(title=charts.chart_title(t("pilots.per_area")), height=charts.band_step(counts["area"]))
    )


@cached_on_data(also=wording)
def maturity_rows(maturity: pd.DataFrame) -> pd.DataFrame:
    """One row per feature, region and level; `off_total` marks the feature-region rows whose
    printed shares do not add up to 100 % (109 %, 90 %, 101 % in the report)."""
    rows = maturity.dropna(subset=["share"]).copy()
    rows["feature_label"] = localized_column(rows, "feature")
    rows["region_label"] = [t(f"pilots.region_name.{r}") for r in rows["region"]]
    rows["level_label"] = [f"{r['level']} {localized(r, 'level')}" for r in rows.to_dict("records")]
    rows["row_total"] = rows.groupby(["feature", "region"])["share"].transform("sum")
    rows["off_total"] = (rows["row_total"] - 100).abs() > 0.01
    rows["flag_text"] = [flag_text(flag) or "" for flag in rows["flag"]]
    rows["citation"] = [citation(s, lines) for s, lines in zip(rows["source_id"], rows["source_lines"])]
    return rows[
        [
            "feature_label",
            "region_label",
            "level",
            "level_label",
            "share",
            "row_total",
            "off_total",
            "flag_text",
            "citation",
        ]
    ]


MATURITY_AXIS = [0, 20, 40, 60, 80, 100]


def maturity_chart(rows: pd.DataFrame) -> alt.TopLevelMixin:
    """Stacked shares per feature, China and EU side by side (a yOffset, so the width follows the
    page), each bar named at its end; rows that do not add up to 100 % outlined."""
    levels = sorted(rows["level_label"].unique(), key=lambda label: int(label.split()[0]))
    y = alt.Y("feature_label:N", title=None, axis=charts.category_axis(rows["feature_label"]))
    y_offset = alt.YOffset("region_label:N", title=None, sort=[t(f"pilots.region_name.{r}") for r in REGIONS])
    x_scale = alt.Scale(domain=[0, max(115, float(rows["row_total"].max()) + 15)], nice=False)
    names = (
        alt.Chart(rows)
        .transform_aggregate(total="sum(share)", groupby=["feature_label", "region_label"])
        .mark_text(align="left", dx=4, fontSize=11, color=charts.MUTED)
        .encode(y=y, yOffset=y_offset, x=alt.X("total:Q", scale=x_scale), text="region_label:N")
    )
    chart = (
        alt.Chart(rows)
        .mark_bar(height=11)
        .encode(
            y=y,
            yOffset=y_offset,
            x=alt.X(
                "share:Q",
                stack="zero",
                title=t("pilots.col.share"),
                scale=x_scale,
                axis=alt.Axis(values=MATURITY_AXIS),
            ),
            color=alt.Color(
                "level_label:N",
                title=t("pilots.col.maturity_level"),
                sort=levels,
                scale=alt.Scale(domain=levels, range=MATURITY_LEVEL_HEX[: len(levels)]),
            ),
            order=alt.Order("level:Q"),
            stroke=alt.condition("datum.off_total", alt.value("#000000"), alt.value(None)),
            strokeWidth=alt.condition("datum.off_total", alt.value(1.5), alt.value(0)),
            tooltip=[
                alt.Tooltip("feature_label:N", title=t("pilots.col.feature")),
                alt.Tooltip("region_label:N", title=t("pilots.region")),
                alt.Tooltip("level_label:N", title=t("pilots.col.maturity_level")),
                alt.Tooltip("share:Q", title=t("pilots.col.share")),
                alt.Tooltip("row_total:Q", title=t("pilots.col.row_total")),
                alt.Tooltip("flag_text:N", title=t("col.flag")),
                alt.Tooltip("citation:N", title=t("col.source")),
            ],
        )
    )
    title = charts.chart_title(t("pilots.maturity_title"), t("pilots.maturity_subtitle"))
    return charts.themed((chart + names).properties(title=title, height=alt.Step(15)))


@cached_on_data(also=wording)
def facts_table(facts: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("pilots.col.fact"): localized_column(facts, "label"),
            t("pilots.col.value"): facts["value_text"],
            t("pilots.col.year"): facts["year"].map(lambda y: "" if is_missing(y) else f"{int(y)}"),
            t("col.source"): [citation(s, lines) for s, lines in zip(facts["source_id"], facts["source_lines"])],
            t("col.basis"): facts["basis"].map(basis_label),
        }
    )


@cached_on_data(also=wording)
def places_table(places: pd.DataFrame) -> pd.DataFrame:
    rows = places.to_dict("records")
    return pd.DataFrame(
        {
            t("pilots.col.place"): [place_label(r) for r in rows],
            t("pilots.level"): [level_label(r["level"]) for r in rows],
            t("pilots.col.area"): [area_name(r) for r in rows],
            tier_heading(): ["" if r["region"] != "china" else tier_label(r["tier"], r["tier_basis"]) for r in rows],
            t("pilots.col.batch"): [r["batch_label"] or "" for r in rows],
            t("col.source"): [citation(r["source_id"], r["source_lines"]) for r in rows],
            t("col.basis"): [basis_label(r["basis"]) for r in rows],
        }
    )
