"""Selecting cities on a page (cross-filtering): pick in one view, see them in every view.

A click on a map marker, a chart mark (bar, dot, heatmap cell) or a table row's box selects that
city, or unselects it when it was selected; the keyboard does the same through the selection
bar's list (and Shift+Space on a table row). Every view on the page then highlights the
selected cities (the others dimmed), and the bar offers "compare these", each city's profile,
and "clear". The selection is a choice like any other: kept in the URL as codes (`?sel=440300,
110000`), so a link reproduces it in either language.

How a view takes part:
- data: `flags(codes)` gives each row `sel` (selected) and `dim` (another city is selected), which
  the view's marks use for their emphasis;
- events: `chart_events(name)` / `map_events(name)` / `table_events(name, codes)` are keyword
  arguments for st.vega_lite_chart / st.pydeck_chart / st.dataframe (through charts.show,
  maps.show_deck and downloads.table). Their keys change with the selection, so every view
  starts from the new selection and a click always registers.
"""

import pandas as pd
import pydeck as pdk
import streamlit as st

from components import maps
from components.city_choice import CITIES_KEY, COMPARE_PAGE, MAX_CITIES, carried_params, joined, split
from components.i18n import t
from components.page_context import TIER_KEY, current
from components.palette import TIERS

SELECT_KEY = "sel"  # URL parameter and session key: '440300,110000'
PICK_KEY = "sel-pick"  # the bar's list
POINT_PARAM = "pick"  # the Vega-Lite point selection on city_code
LEGEND_PARAM = "legend"  # the Vega-Lite selection bound to the tier legend
CITY_PAGE = "app_pages/city.py"
_GENERATION = "_sel_generation"


def bind(cities: dict[str, str]) -> list[str]:
    """Seed ?sel= for a page whose views show `cities` (code → label); the selected codes."""
    held = st.session_state.get(SELECT_KEY) or ""
    current().url.seed(SELECT_KEY, [held] if held else [], "", parse=lambda text: _known(text, cities))
    codes = [code for code in split(st.session_state.get(SELECT_KEY)) if code in cities]
    if joined(codes) != (st.session_state.get(SELECT_KEY) or ""):
        st.session_state[SELECT_KEY] = joined(codes)  # cities filtered out of view are dropped
    return codes


def _known(text: str, cities: dict[str, str]) -> str | None:
    codes = [code for code in split(text) if code in cities]
    rejected = [code for code in split(text) if code not in cities]
    if rejected and codes:
        current().url.notices.append((SELECT_KEY, rejected))
    return joined(codes) if codes else None


def selected() -> list[str]:
    return split(st.session_state.get(SELECT_KEY))


def _set(codes: list[str]) -> None:
    st.session_state[SELECT_KEY] = joined(list(dict.fromkeys(codes)))
    st.session_state[_GENERATION] = st.session_state.get(_GENERATION, 0) + 1


def toggled(chosen: list[str], codes: list[str]) -> list[str]:
    """`chosen` with `codes` switched: those not in it added, those in it taken out."""
    result = list(chosen)
    for code in dict.fromkeys(codes):
        if code in result:
            result.remove(code)
        else:
            result.append(code)
    return result


def toggle(codes: list[str]) -> None:
    """Select the cities not selected, unselect those that were (a click on a view)."""
    _set(toggled(selected(), codes))


def clear() -> None:
    _set([])


def flags(codes) -> dict[str, list[bool]]:
    """Columns `sel` and `dim` for rows of `codes`: what a view needs to emphasise the selection."""
    chosen = set(selected())
    codes = list(codes)
    return {
        "sel": [code in chosen for code in codes],
        "dim": [bool(chosen) and code not in chosen for code in codes],
    }


SELECTED_RING = [213, 94, 0, 255]  # the charts' selected outline (#D55E00)


def emphasised(markers: pd.DataFrame, chosen: tuple[str, ...]) -> tuple[pd.DataFrame, list[pdk.Layer]]:
    """Map markers with the selection shown: the others faded, the selected ringed and labelled
    first; the ring layer goes on top of the map's layers."""
    if not chosen or markers.empty:
        return markers, []
    picked = markers["code"].isin(chosen)
    faded = [list(fill[:3]) + [min(int(fill[3]), 60)] for fill in markers["fill"]]
    shown = markers.assign(
        fill=[fill if keep else dim for fill, dim, keep in zip(markers["fill"], faded, picked)],
        priority=markers["radius"] + picked.astype(float) * 100,
    )
    return shown, [maps.ring_layer(shown[picked], "selected-ring", SELECTED_RING, width=3, gap=4)]


def _key(name: str) -> str:
    return f"{name}-sel{st.session_state.get(_GENERATION, 0)}"


# --- events from the views -----------------------------------------------------------------------


def chart_events(name: str, *, legend: bool = False) -> dict:
    """Keywords for a chart whose spec has the `pick` point selection (and `legend`, if bound)."""
    if not current().shows_control(SELECT_KEY):
        return {}
    key = _key(name)
    return {
        "key": key,
        "on_select": lambda: _chart_picked(key),
        "selection_mode": [POINT_PARAM, LEGEND_PARAM] if legend else [POINT_PARAM],
    }


def _chart_picked(key: str) -> None:
    selection = st.session_state[key].selection
    by_label = {t(f"tier.{tier}"): tier for tier in TIERS}  # the legend names tiers by their labels
    legend_tiers = [
        by_label[row["tier_label"]]
        for row in selection.get(LEGEND_PARAM, []) or []
        if row.get("tier_label") in by_label
    ]
    if legend_tiers:
        toggle_tiers(legend_tiers)
        return
    codes = [row["city_code"] for row in selection.get(POINT_PARAM, []) or [] if row.get("city_code")]
    if codes:
        toggle(codes)


def map_events(name: str) -> dict:
    if not current().shows_control(SELECT_KEY):
        return {}
    key = _key(name)
    return {"key": key, "on_select": lambda: _map_picked(key), "selection_mode": "single-object"}


def _map_picked(key: str) -> None:
    objects = st.session_state[key].selection.get("objects") or {}
    codes = [
        str(obj["code"]) for layer in objects.values() for obj in layer if isinstance(obj, dict) and obj.get("code")
    ]
    if codes:
        toggle(codes[:1])


def table_events(name: str, codes: list[str]) -> dict:
    """Keywords for st.dataframe whose rows are `codes`: ticked rows are the selected cities."""
    if not current().shows_control(SELECT_KEY):
        return {}
    key = _key(name)
    chosen = set(selected())
    return {
        "key": key,
        "on_select": lambda: _table_picked(key, codes),
        "selection_mode": "multi-row",
        "selection_default": {"selection": {"rows": [i for i, code in enumerate(codes) if code in chosen]}},
    }


def _table_picked(key: str, codes: list[str]) -> None:
    _set(ticked_in_table(selected(), codes, st.session_state[key].selection.rows))


def ticked_in_table(chosen: list[str], codes: list[str], rows: list[int]) -> list[str]:
    """The selection after a table whose rows are `codes` was ticked at `rows`: the table decides
    for the cities it lists, the others stay as they were."""
    ticked = {codes[i] for i in rows}
    shown = set(codes)
    kept = [code for code in chosen if code not in shown or code in ticked]
    return kept + [code for code in dict.fromkeys(codes) if code in ticked and code not in kept]


def toggle_tiers(tiers: list[str]) -> None:
    """A legend click: the tier leaves the filter, or comes back."""
    chosen = toggled(list(st.session_state.get(TIER_KEY) or TIERS), tiers)
    st.session_state[TIER_KEY] = [tier for tier in TIERS if tier in chosen]
    st.session_state[_GENERATION] = st.session_state.get(_GENERATION, 0) + 1


# --- the selection bar ---------------------------------------------------------------------------


def selection_bar(cities: dict[str, str]) -> None:
    """What is selected and what to do with it: compare, open a profile, clear. The list in it
    is the keyboard's way to select (type a name, Enter; Backspace removes)."""
    page = current()
    chosen = selected()
    if not page.shows_control(SELECT_KEY):
        return
    st.session_state[PICK_KEY] = chosen
    with st.container(horizontal=True, vertical_alignment="bottom", gap="small", key="selection-bar"):
        st.multiselect(
            t("select.label"),
            options=list(cities),
            format_func=lambda code: cities.get(code, code),
            key=PICK_KEY,
            placeholder=t("select.placeholder"),
            help=t("select.help"),
            on_change=lambda: _set(st.session_state.get(PICK_KEY) or []),
            width=360,
        )
        comparable = 2 <= len(chosen) <= MAX_CITIES
        if st.button(
            t("select.compare", count=len(chosen)),
            icon=":material/compare_arrows:",
            disabled=not comparable,
            help=t("select.compare_help", most=MAX_CITIES),
            key="selection-compare",
        ):
            st.switch_page(COMPARE_PAGE, query_params={**carried_params(page.url.params()), CITIES_KEY: joined(chosen)})
        for code in chosen[:MAX_CITIES]:
            if st.button(
                t("select.profile", city=cities.get(code, code).split(" · ")[0]),
                icon=":material/location_city:",
                key=f"selection-profile-{code}",
                type="secondary",
            ):
                st.switch_page(CITY_PAGE, query_params={**carried_params(page.url.params()), "city": code})
        if chosen:
            st.button(
                t("select.clear"), icon=":material/close:", key="selection-clear", on_click=clear, type="tertiary"
            )
    if not chosen:
        st.caption(t("select.hint"))
