"""What a map says about each point (or shaded area), kept as data: the tooltip text is made from
the same fields the map's CSV is written from, so the file keeps numbers as numbers.

Streamlit-free: the download callables that write the CSV run outside the script thread.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from components.values import is_missing, number_text


@dataclass(frozen=True)
class Shown:
    """A tooltip value shown as `text` (e.g. '56.4 thousand stations (printed: 5.64万)'), while the
    map's CSV keeps `value` (the number)."""

    value: object
    text: str


def _display(value) -> str:
    if isinstance(value, Shown):
        return value.text
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return number_text(value) or ""
    return str(value)


def tooltip_text(title: str, lines: Sequence[tuple[str, object]]) -> str:
    """'深圳市 Shenzhen\n智能城市排名: 1\n…': plain text, escaped by Streamlit when shown; numbers
    as people read them (8, not 8.0)."""
    body = [f"{label}: {_display(value)}" for label, value in lines if not is_missing(value)]
    return "\n".join([str(title), *body])


PLACE, LONGITUDE, LATITUDE = "__place__", "__lon__", "__lat__"  # the CSV's own columns, headed on export


def _coordinate(value) -> float | None:
    return None if is_missing(value) else round(float(value), 4)  # as the markers are placed


class MapPoints:
    """What a map says about each point (or shaded area), kept as data while its tooltips are made.

    `tooltip(title, lines, lon, lat)` returns the tooltip text and keeps the same fields, so the
    map's CSV (`frame()`) is written from the values the map was drawn from: numbers stay numbers.
    `also` adds fields to the CSV only (e.g. the unit a tooltip writes into its value text).
    """

    def __init__(self) -> None:
        self.rows: list[dict] = []

    def tooltip(
        self,
        title: str,
        lines: Sequence[tuple[str, object]],
        lon=None,
        lat=None,
        also: Sequence[tuple[str, object]] = (),
    ) -> str:
        fields = {
            label: value.value if isinstance(value, Shown) else value
            for label, value in [*lines, *also]
            if not is_missing(value)
        }
        self.rows.append({PLACE: str(title), **fields, LONGITUDE: _coordinate(lon), LATITUDE: _coordinate(lat)})
        return tooltip_text(title, lines)

    def frame(self) -> pd.DataFrame:
        """One row per point: its name, a column per field (in the order first seen), lon, lat."""
        own = (PLACE, LONGITUDE, LATITUDE)
        labels = list(dict.fromkeys(key for row in self.rows for key in row if key not in own))
        return pd.DataFrame(self.rows, columns=[PLACE, *labels, LONGITUDE, LATITUDE])


class MapView(NamedTuple):
    """A map ready to draw: its deck JSON, and what each point shows as data (the map's CSV)."""

    spec: str
    points: pd.DataFrame
