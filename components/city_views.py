"""The city profile's pieces: choosing a city, its headline figures, map and sourced sections."""

import pandas as pd
import streamlit as st

from components import city_choice, layout, maps, source_reader, view_mode
from components.carbon_text import peak_short, target_text
from components.filters import selected_tier_edition, tier_heading, tier_label
from components.i18n import current_language, localized, localized_column, t
from components.labels import (
    city_label,
    city_title,
    framework_label,
    level_label,
    period_text,
    province_label,
    subject_text,
)
from components.map_points import MapPoints, MapView
from components.page_context import current, wording
from components.palette import tier_rgba
from components.provenance import basis_label, citation, flag_column, flag_legend, flag_text
from components.safe_text import markdown_text
from components.values import is_missing, number_text, qualified_quantity
from queries.cache import cached_on_data
from queries.cities import resolve_city

CITY_KEY = "city"


def full_name(record: dict) -> str:
    """'深圳市 · Shenzhen': the profile's title."""
    return f"{record['city_name_zh']} · {record['city_name_en']}"


SHOWN_KEY = "_city_shown"  # the city the last run showed: where a spelling that fails leaves us
CHOICES_KEY = "_city_choices"  # (text as typed, candidate codes) for a spelling that means several


def _resolve_spelling(labels: dict[str, str]) -> None:
    """One search box for every spelling. Its list searches the labels; any other text typed into
    it (Peking, 臺北, 440300, Suzhou) comes back as the box's value and is read here, before the
    box is drawn: one city opens, several are offered to choose from, none is said plainly. A link
    whose ?city= means several cities (?city=Suzhou) offers them the same way."""
    typed = st.session_state.get(CITY_KEY)
    raw = st.query_params.get_all(CITY_KEY)
    if raw and raw != current().url.written.get(CITY_KEY):
        codes = [code for code in resolve_city(raw[-1]) if code in labels]
        if len(codes) > 1:  # not "not recognised": the link names several cities, offer them
            st.session_state[CHOICES_KEY] = (raw[-1], codes)
            del st.query_params[CITY_KEY]
            st.session_state.pop(CITY_KEY, None)
            return
    if not isinstance(typed, str) or typed in labels:
        return
    codes = [code for code in resolve_city(typed) if code in labels]
    if len(codes) == 1:
        st.session_state[CITY_KEY] = codes[0]
        return
    st.session_state[CITY_KEY] = st.session_state.get(SHOWN_KEY)
    if codes:
        st.session_state[CHOICES_KEY] = (typed, codes)
    elif typed.strip():
        st.session_state["_city_alias_problem"] = t("city.not_found", text=markdown_text(typed))


def _choose(code: str) -> None:
    st.session_state[CITY_KEY] = code
    st.session_state.pop(CHOICES_KEY, None)


def _offer_choices(labels: dict[str, str]) -> None:
    """'“Suzhou” can mean several cities; choose one:' and a button per city."""
    typed, codes = st.session_state.get(CHOICES_KEY) or ("", [])
    if not codes:
        return
    st.warning(t("city.ambiguous", text=markdown_text(typed)), icon=":material/help:")
    with st.container(horizontal=True, key="city-choices"):
        for code in codes:
            st.button(labels[code], key=f"city-choice-{code}", on_click=_choose, args=(code,))


def city_selector(directory: pd.DataFrame) -> str | None:
    """The city in view: from ?city= (any spelling) or the one search box (any spelling too)."""
    labels = city_choice.directory_labels(directory)
    _resolve_spelling(labels)
    current().url.seed(CITY_KEY, list(labels), None, parse=city_choice.unique_city)
    view_mode.describe(CITY_KEY, t("city.pick"), labels.get)
    if st.session_state.get(CITY_KEY) not in (None, st.session_state.get(SHOWN_KEY)):
        st.session_state.pop(CHOICES_KEY, None)  # a city was chosen since the choice was offered
    if view_mode.controls_hidden():
        return st.session_state.get(CITY_KEY)
    st.selectbox(
        t("city.pick"),
        options=list(labels),
        format_func=lambda code: labels.get(code, code),
        key=CITY_KEY,
        index=None,
        placeholder=t("city.pick_placeholder"),
        accept_new_options=True,
        help=t("city.pick_help"),
    )
    _offer_choices(labels)
    problem = st.session_state.pop("_city_alias_problem", None)
    if problem:
        st.warning(problem)
    st.session_state[SHOWN_KEY] = st.session_state.get(CITY_KEY)
    return st.session_state.get(CITY_KEY)


def headline(record: dict, profile: dict[str, pd.DataFrame]) -> None:
    st.header(full_name(record))
    province = province_label(record) or record["country"]
    st.caption(
        t(
            "city.gazetteer",
            province=province,
            level=t(f"city.level.{record['level']}"),
            source=record["gazetteer_source"],
        )
    )
    columns = st.columns(5)
    columns[0].metric(tier_heading(), _tier_in_use(profile["tiers"]) or t("city.metric.none"))
    ranks = profile["rankings"]
    columns[1].metric(*_newest(ranks, "smart_rank"))
    columns[2].metric(*_newest(ranks, "innovation_score"))
    columns[3].metric(t("city.metric.pilots"), len(profile["pilots"]) or t("city.metric.none"))
    carbon = profile["carbon"]
    if carbon.empty:
        columns[4].metric(t("city.metric.carbon"), t("city.metric.none"))
    else:
        target = carbon.iloc[0].to_dict()
        columns[4].metric(t("city.metric.carbon"), peak_short(target), help=target_text(target))


def compare_with(code: str, directory: pd.DataFrame) -> None:
    """ "Compare with…": pick other cities and open the compare page with this one first."""
    if not current().shows_control(city_choice.CITIES_KEY):
        return
    labels = city_choice.directory_labels(directory)
    with st.popover(t("city.compare_with"), icon=":material/compare_arrows:", key="compare-with"):
        others = st.multiselect(
            t("city.compare_others"),
            [other for other in labels if other != code],
            format_func=labels.__getitem__,
            max_selections=city_choice.MAX_CITIES - 1,
            key="compare-with-others",
        )
        if st.button(t("city.compare_go"), icon=":material/arrow_forward:", disabled=not others, key="compare-go"):
            params = city_choice.carried_params(current().url.params())
            st.switch_page(
                city_choice.COMPARE_PAGE,
                query_params={**params, city_choice.CITIES_KEY: city_choice.joined([code, *others])},
            )


def cited_figures(profile: dict[str, pd.DataFrame]) -> list[source_reader.Figure]:
    """The profile's headline figures with the rows they are read from."""
    tiers, ranks = profile["tiers"], profile["rankings"]
    return [
        source_reader.Figure(tier_heading(), _tier_rows_in_use(tiers)),
        source_reader.Figure(_newest(ranks, "smart_rank")[0], ranks[ranks["measure"] == "smart_rank"].head(1)),
        source_reader.Figure(
            _newest(ranks, "innovation_score")[0], ranks[ranks["measure"] == "innovation_score"].head(1)
        ),
        source_reader.Figure(t("city.metric.pilots"), profile["pilots"]),
        source_reader.Figure(t("city.metric.carbon"), profile["carbon"].head(1)),
    ]


_METRIC_KEYS = {"smart_rank": "city.metric.smart_rank", "innovation_score": "city.metric.innovation"}


def _newest(rows: pd.DataFrame, measure: str) -> tuple[str, str]:
    """(label, value) of the measure in the newest edition that has it (rows come newest first), the
    label naming that edition's year, so an uploaded later edition is never shown as 2018's figure."""
    found = rows[rows["measure"] == measure]
    key = _METRIC_KEYS[measure]
    if found.empty:
        return t(f"{key}_any"), t("city.metric.none")
    first = found.iloc[0]
    text = number_text(first["value"])
    label = t(key, year=int(first["edition_year"])) if pd.notna(first["edition_year"]) else t(f"{key}_any")
    return label, t("city.metric.none") if text is None else text


@cached_on_data(max_entries=128, also=wording)
def _city_deck(record: dict, tier: str, language: str) -> MapView:
    points = MapPoints()
    marker = pd.DataFrame(
        [
            {
                "lon": record["lon"],
                "lat": record["lat"],
                "radius": 9,
                "fill": tier_rgba(tier),
                "line": [255, 255, 255, 255],
                "line_width": 1.5,
                "label": city_label(record),
                "tooltip": points.tooltip(city_title(record), [], record["lon"], record["lat"]),
                "code": record["city_code"],
            }
        ]
    )
    view = {"longitude": record["lon"], "latitude": record["lat"], "zoom": 4.3, "min_zoom": 1.5, "max_zoom": 10}
    return maps.map_view(maps.china_layers(marker, zoom=view["zoom"]), points, view=view)


def location_map(record: dict, tier: str) -> None:
    if is_missing(record.get("lon")):
        return
    st.subheader(t("city.map_title"))
    title = full_name(record)
    maps.show_deck(
        _city_deck(record, tier, current_language()),
        key="city_map",
        height=250,
        opens_city=False,
        title=title,
        legend=[],
        source=t("city.gazetteer_source", source=record["gazetteer_source"]),
    )


def _tier_in_use(tiers: pd.DataFrame) -> str | None:
    """The city's tier in the edition the pages use (the newest in force, or the one chosen), as the
    tier filter names it; None where that edition does not tier the city."""
    rows = _tier_rows_in_use(tiers)
    return None if rows.empty else tier_label(rows.iloc[0]["tier"], rows.iloc[0]["basis"])


def _tier_rows_in_use(tiers: pd.DataFrame) -> pd.DataFrame:
    """The city's primary placement in the edition the pages use (no rows where it has none)."""
    return tiers if tiers.empty else tiers[tiers["is_primary"] & tiers["edition"].eq(selected_tier_edition())]


def presentation_lead(record: dict, profile: dict[str, pd.DataFrame]) -> None:
    """Presentation mode's lead: the city's tier and a sentence of what the reports say about it."""
    tier = _tier_in_use(profile["tiers"]) or t("city.metric.none")
    carbon = profile["carbon"]
    rank_label, rank = _newest(profile["rankings"], "smart_rank")
    layout.presentation_lead(
        tier,
        full_name(record),
        t(
            "present.city.takeaway",
            rank_label=rank_label,
            rank=rank,
            carbon=t("carbon.no_target") if carbon.empty else target_text(carbon.iloc[0].to_dict()),
            pilots=len(profile["pilots"]),
            scenarios=len(profile["scenarios"]),
            metrics=len(profile["metrics"]),
        ),
    )


def _cited(frame: pd.DataFrame) -> pd.Series:
    return pd.Series(
        [citation(s, lines) for s, lines in zip(frame["source_id"], frame["source_lines"])], index=frame.index
    )


def _basis(frame: pd.DataFrame) -> pd.Series:
    return frame["basis"].map(lambda b: "" if is_missing(b) else basis_label(b))


def _section(rows: dict, title_key: str, dataset: str) -> tuple[str, pd.DataFrame, str]:
    """(title key, table, the profile's dataset whose rows it shows, for their citations)."""
    return title_key, _table(rows), dataset


def _table(rows: dict) -> pd.DataFrame:
    """A section's rows with blank cells for missing values and headers in the page's language."""
    frame = pd.DataFrame(rows)
    frame = frame.astype(object).where(frame.notna(), "")
    return frame.rename(columns={c: t(f"city.col.{c}") for c in frame.columns})


def _provenance(frame: pd.DataFrame, flagged: bool = False) -> dict:
    """The columns every section ends with: source line, basis, (anomaly flag,) note."""
    columns = {"source": _cited(frame), "basis": _basis(frame)}
    if flagged:
        columns["flag"] = [flag_text(flag) for flag in frame["flag"]]
    return {**columns, "note": localized_column(frame, "note")}


def sections(profile: dict[str, pd.DataFrame]) -> None:
    """One sourced table per dataset that mentions the city; empty datasets are left out."""
    if not says_nothing(profile):
        st.caption(t("reader.table_hint"))
    flag = t("city.col.flag")
    for title_key, frame, dataset in _section_tables(profile):
        if frame.empty:
            continue
        st.subheader(t(title_key))
        # Anomaly codes (B1, B6) are explained on hovering the column title and named under the table;
        # selecting a row opens the report text it cites (source_reader).
        source_reader.cited_table(
            frame,
            title_key.rsplit(".", 1)[-1],
            source_reader.row_citations(profile[dataset]),
            column_config=flag_column(frame, flag),
        )
        if flag in frame:
            flag_legend(frame[flag])


@cached_on_data(also=wording)
def _section_tables(profile: dict[str, pd.DataFrame]) -> list[tuple[str, pd.DataFrame, str]]:
    """(title key, table) per dataset, in the profile's order (worked out once per city and language)."""
    language = current_language()
    tables = []
    tiers = profile["tiers"]
    tables.append(
        _section(
            {
                "edition": tiers[f"edition_{language}"],
                "tier": [tier_label(x, b) for x, b in zip(tiers["tier"], tiers["basis"])],
                "primary": tiers["is_primary"],
                **_provenance(tiers, flagged=True),
            },
            "city.section.tiers",
            "tiers",
        )
    )
    ranks = profile["rankings"]
    tables.append(
        _section(
            {
                "edition": ranks[f"edition_{language}"],
                "item": [
                    t(f"measure.{r['measure']}") if is_missing(localized(r, "measure")) else localized(r, "measure")
                    for r in ranks.to_dict("records")
                ],
                "value": ranks["value"].map(number_text),
                **_provenance(ranks, flagged=True),
            },
            "city.section.rankings",
            "rankings",
        )
    )
    pilots = profile["pilots"]
    tables.append(
        _section(
            {
                "programme": pilots[f"programme_{language}"],
                "place": pilots[f"place_name_{language}"].fillna(pilots["printed_name"]),
                "level": pilots["level"].map(level_label),
                **_provenance(pilots),
            },
            "city.section.pilots",
            "pilots",
        )
    )
    carbon = profile["carbon"]
    tables.append(
        _section(
            {
                "item": [target_text(r) for r in carbon.to_dict("records")],
                "printed": carbon["quote"],
                **_provenance(carbon),
            },
            "city.section.carbon",
            "carbon",
        )
    )
    scenarios = profile["scenarios"]
    tables.append(
        _section(
            {
                "framework": scenarios["framework"].map(framework_label),
                "scenario": scenarios[f"scenario_{language}"],
                "evidence": scenarios[f"evidence_{language}"].fillna(scenarios["evidence_zh"]),
                **_provenance(scenarios),
            },
            "city.section.scenarios",
            "scenarios",
        )
    )
    metrics = profile["metrics"]
    tables.append(
        _section(
            {
                "item": localized_column(metrics, "label"),
                "subject": [subject_text(row) for row in metrics.to_dict("records")],
                "value": [
                    qualified_quantity(v, u, q)
                    for v, u, q in zip(metrics["value"], localized_column(metrics, "unit"), metrics["qualifier"])
                ],
                "printed": metrics["value_text"],
                "period": [period_text(row) or "" for row in metrics.to_dict("records")],
                **_provenance(metrics),
            },
            "city.section.metrics",
            "metrics",
        )
    )
    return tables


def says_nothing(profile: dict[str, pd.DataFrame]) -> bool:
    return all(frame.empty for frame in profile.values())
