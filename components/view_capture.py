"""What one run of a page drew, recorded for the briefing (components/briefing.py).

Plain data, no Streamlit: the page context (components/page_context.py) holds one per run, the
page furniture fills it as it draws (title, key figure and takeaway, each chart's Vega-Lite spec
with its rows, each map's deck with its title, legend and source, every source line printed), and
"Add to briefing" keeps it with the view. The recording costs references to objects the page built
anyway.
"""

from dataclasses import dataclass, field


@dataclass
class ChartCapture:
    name: str
    title: str
    spec: dict


@dataclass
class MapCapture:
    name: str
    deck: str  # deck JSON as drawn (before presentation enlargement)
    details: object  # downloads.MapExport: title, legend (may be attached after the map), source, credit


@dataclass
class ViewCapture:
    page_title: str = ""
    figure: str = ""
    figure_label: str = ""
    takeaway: str = ""
    charts: list[ChartCapture] = field(default_factory=list)
    maps: list[MapCapture] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # plain text, "… 000:L419–L443 · Basis: explicit 25"
    reports: list[str] = field(default_factory=list)  # report ids the page cites

    def elements(self) -> list[tuple[str, str]]:
        """(name, title) of every visual a slide can show: maps first, then charts as drawn."""
        return [(m.name, str(getattr(m.details, "title", "")) or m.name) for m in self.maps] + [
            (c.name, c.title or c.name) for c in self.charts
        ]

    def record_chart(self, spec: dict, name: str) -> None:
        title = spec.get("title")
        if isinstance(title, dict):
            title = title.get("text", "")
        if isinstance(title, list):  # a title wrapped onto lines (components.charts.chart_title)
            title = " ".join(title)
        self.charts.append(ChartCapture(name=name, title=str(title or ""), spec=spec))

    def record_source(self, text: str) -> None:
        if text and text not in self.sources:
            self.sources.append(text)
