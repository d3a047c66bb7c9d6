"""The pilots page's pieces: filters, the China/Europe map, per-area and maturity charts, facts."""

import altair as alt
import pandas as pd
import streamlit as st

from components import charts, maps, url_state
from components.choropleth import shaded_layer
from components.filters import tier_label
from components.i18n import current_language, localized, t
from components.palette import hex_to_rgba, tier_rgba
from components.provenance import basis_label, citation
from components.values import is_missing
from queries.boundaries import provinces_geojson, world_geojson

REGIONS = ("china", "eu")
VIEWS = {
    "china": maps.CHINA_VIEW,
    "europe": {"longitude": 12.0, "latitude": 50.5, "zoom": 2.7, "min_zoom": 1, "max_zoom": 10},
    "both": {"longitude": 62.0, "latitude": 44.0, "zoom": 1.25, "min_zoom": 0.5, "max_zoom": 10},
}
EU_MARKER_HEX = "#5D5D8A"
MATURITY_LEVEL_HEX = ["#D9D9D9", "#C6DBEF", "#6BAED6", "#2171B5", "#08306B", "#FDD0A2"]


def filters(programmes: pd.DataFrame, levels: list[str]) -> tuple[list[str], list[str], list[str], str]:
    names = {row["programme"]: localized(row, "name") for row in programmes.to_dict("records")}
    url_state.seed("programme", list(names), list(names), multi=True)
    url_state.seed("region", REGIONS, list(REGIONS), multi=True)
    url_state.seed("level", levels, list(levels), multi=True)
    url_state.seed("view", list(VIEWS), "both")
    columns = st.columns([3, 2, 3, 3])
    columns[0].multiselect(t("pilots.programme"), list(names), format_func=names.get, key="programme")
    columns[1].pills(t("pilots.region"), REGIONS, selection_mode="multi", key="region",
                     format_func=lambda r: t(f"pilots.region_name.{r}"))
    columns[2].pills(t("pilots.level"), levels, selection_mode="multi", key="level", format_func=level_label)
    columns[3].segmented_control(t("pilots.view"), list(VIEWS), key="view", required=True,
                                 format_func=lambda v: t(f"pilots.view_name.{v}"))
    return (list(st.session_state["programme"]), list(st.session_state["region"]),
            list(st.session_state["level"]), st.session_state["view"])


def level_label(level: str) -> str:
    key = f"pilots.level_name.{level}"
    from components.i18n import catalog
    return t(key) if key in catalog(current_language()) else level


def headline(places: pd.DataFrame) -> None:
    columns = st.columns(4)
    columns[0].metric(t("pilots.metric.total"), len(places))
    columns[1].metric(t("pilots.metric.china"), int(places["region"].eq("china").sum()))
    columns[2].metric(t("pilots.metric.eu"), int(places["region"].eq("eu").sum()))
    columns[3].metric(t("pilots.metric.provinces"), places.loc[places["region"].eq("china"), "province_code"].nunique())


def place_label(row: dict) -> str:
    return row["place_name_zh"] if current_language() == "zh" else (row["place_name_en"] or row["place_name_zh"])


def _markers(places: pd.DataFrame) -> pd.DataFrame:
    located = places.dropna(subset=["lon", "lat"])
    rows = located.to_dict("records")
    return pd.DataFrame({
        "lon": located["lon"].astype(float).round(4), "lat": located["lat"].astype(float).round(4),
        "radius": [7.0] * len(rows),
        "fill": [tier_rgba(r["tier"]) if r["region"] == "china" else hex_to_rgba(EU_MARKER_HEX) for r in rows],
        "line": [[255, 255, 255, 230]] * len(rows), "line_width": [1.0] * len(rows),
        "label": [place_label(r) for r in rows],
        "tooltip": [maps.tooltip_html(f"{r['place_name_zh']} {r['place_name_en'] or ''}", [
            (t("pilots.level"), level_label(r["level"])),
            (t("pilots.col.area"), area_name(r)),
            (t("filter.tier"), None if r["region"] != "china" else tier_label(r["tier"], r["tier_basis"])),
            (t("pilots.col.batch"), r["batch_label"]),
            (t("col.source"), citation(r["source_id"], r["source_lines"])),
        ]) for r in rows],
        "code": located["place_code"],
    })


def area_name(row: dict) -> str:
    if row["region"] == "china":
        return row["province_zh"] if current_language() == "zh" else row["province_en"]
    return row["country_zh"] if current_language() == "zh" else row["country_en"]


@st.cache_data(show_spinner=False, max_entries=64)
def _pilot_deck(places: pd.DataFrame, europe: pd.DataFrame, view: str, language: str) -> str:
    china = places[places["region"] == "china"]
    province_counts = china.groupby("province_code").size().to_dict()
    province_names = {f["properties"]["code"]: f["properties"]["short_zh" if language == "zh" else "name_en"]
                      for f in provinces_geojson()["features"]}
    country_counts = places[places["region"] != "china"].groupby("iso3").size().to_dict()
    in_europe = set(europe["iso3"])
    country_features = [f for f in world_geojson()["features"] if f["properties"]["iso3"] in in_europe]
    country_names = {f["properties"]["iso3"]: f["properties"][f"name_{language}"] for f in country_features}
    count_label = t("pilots.col.count")
    extra = [shaded_layer(provinces_geojson()["features"], "code", province_counts, province_names, count_label, "province-pilots")]
    if view != "china":
        extra.append(shaded_layer(country_features, "iso3", country_counts, country_names, count_label, "country-pilots"))
    zoom = VIEWS[view]["zoom"]
    return maps.deck_spec(maps.china_layers(_markers(places), extra=extra, zoom=zoom), view=VIEWS[view])


def pilot_map(places: pd.DataFrame, europe: pd.DataFrame, view: str) -> None:
    maps.show_deck(_pilot_deck(places, europe, view, current_language()), key="pilots_map", height=460)


def legend() -> None:
    from components.legend import tier_legend
    tier_legend(["leading", "pioneer", "exploring", "unclassified"], t("pilots.count_legend"))
    st.markdown(f'<span style="font-size:0.85rem"><span style="display:inline-block;width:12px;height:12px;'
                f'border-radius:50%;background:{EU_MARKER_HEX};margin-right:5px"></span>{t("pilots.eu_marker")}</span>',
                unsafe_allow_html=True)


def per_area_rows(places: pd.DataFrame) -> pd.DataFrame:
    rows = places.assign(area=[area_name(r) for r in places.to_dict("records")],
                         region_label=[t(f"pilots.region_name.{r}") for r in places["region"]])
    return rows.groupby(["area", "region_label"], as_index=False).size()


def per_area_chart(counts: pd.DataFrame) -> alt.TopLevelMixin:
    regions = [t(f"pilots.region_name.{r}") for r in REGIONS]
    chart = alt.Chart(counts).mark_bar().encode(
        y=alt.Y("area:N", sort="-x", title=None),
        x=alt.X("size:Q", title=t("pilots.col.count"), axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("region_label:N", title=t("pilots.region"),
                        scale=alt.Scale(domain=regions, range=["#0072B2", EU_MARKER_HEX])),
        tooltip=[alt.Tooltip("area:N", title=t("pilots.col.area")), alt.Tooltip("size:Q", title=t("pilots.col.count"))],
    )
    return charts.themed(chart.properties(title=t("pilots.per_area"), height=alt.Step(20)))


def maturity_rows(maturity: pd.DataFrame) -> pd.DataFrame:
    rows = maturity.dropna(subset=["share"]).copy()
    rows["feature_label"] = [localized(r, "feature") for r in rows.to_dict("records")]
    rows["region_label"] = [t(f"pilots.region_name.{r}") for r in rows["region"]]
    rows["level_label"] = [f"{r['level']} {localized(r, 'level')}" for r in rows.to_dict("records")]
    rows["flagged"] = rows["flag"].notna()
    rows["citation"] = [citation(s, lines) for s, lines in zip(rows["source_id"], rows["source_lines"])]
    return rows[["feature_label", "region_label", "level", "level_label", "share", "flagged", "citation"]]


def maturity_chart(rows: pd.DataFrame) -> alt.TopLevelMixin:
    """Stacked shares per feature, China and EU side by side (a yOffset, so the width follows the page)."""
    levels = sorted(rows["level_label"].unique(), key=lambda label: int(label.split()[0]))
    chart = alt.Chart(rows).mark_bar(height=11).encode(
        y=alt.Y("feature_label:N", title=None, axis=alt.Axis(labelLimit=200)),
        yOffset=alt.YOffset("region_label:N", title=None, sort=[t(f"pilots.region_name.{r}") for r in REGIONS]),
        x=alt.X("share:Q", stack="zero", title=t("pilots.col.share")),
        color=alt.Color("level_label:N", title=t("pilots.col.maturity_level"), sort=levels,
                        scale=alt.Scale(domain=levels, range=MATURITY_LEVEL_HEX[: len(levels)])),
        order=alt.Order("level:Q"),
        stroke=alt.condition("datum.flagged", alt.value("#000000"), alt.value(None)),
        tooltip=[alt.Tooltip("feature_label:N", title=t("pilots.col.feature")),
                 alt.Tooltip("region_label:N", title=t("pilots.region")),
                 alt.Tooltip("level_label:N", title=t("pilots.col.maturity_level")),
                 alt.Tooltip("share:Q", title=t("pilots.col.share")), alt.Tooltip("citation:N", title=t("col.source"))],
    )
    title = alt.TitleParams(t("pilots.maturity_title"), subtitle=t("pilots.maturity_subtitle"))
    return charts.themed(chart.properties(title=title, height=alt.Step(15)))


def facts_table(facts: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        t("pilots.col.fact"): [localized(r, "label") for r in facts.to_dict("records")],
        t("pilots.col.value"): facts["value_text"],
        t("pilots.col.year"): facts["year"].map(lambda y: "" if is_missing(y) else f"{int(y)}"),
        t("col.source"): [citation(s, lines) for s, lines in zip(facts["source_id"], facts["source_lines"])],
        t("col.basis"): facts["basis"].map(basis_label),
    })


def places_table(places: pd.DataFrame) -> pd.DataFrame:
    rows = places.to_dict("records")
    return pd.DataFrame({
        t("pilots.col.place"): [place_label(r) for r in rows],
        t("pilots.level"): [level_label(r["level"]) for r in rows],
        t("pilots.col.area"): [area_name(r) for r in rows],
        t("filter.tier"): ["" if r["region"] != "china" else tier_label(r["tier"], r["tier_basis"]) for r in rows],
        t("pilots.col.batch"): [r["batch_label"] or "" for r in rows],
        t("col.source"): [citation(r["source_id"], r["source_lines"]) for r in rows],
        t("col.basis"): [basis_label(r["basis"]) for r in rows],
    })
