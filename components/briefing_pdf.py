"""A briefing (components/briefing_deck.Briefing) as a PDF, one 16:9 page per slide.

Drawn with matplotlib from the same slide model as the PowerPoint deck: no office suite at run
time. Native charts are drawn from their model (the same series, colours and labels), PNGs
(maps, charts without a native equivalent) are placed as they are. A PDF has no speaker
notes, so each page prints its sources (file:line, basis) and the live link under the visual.
Text is set in the bundled Noto Sans SC, embedded in the file.
"""

from __future__ import annotations

import io

from components import map_render
from components.briefing_charts import NativeChart
from components.briefing_deck import ACCENT, INK, MUTED, Briefing, Slide
from components.export_font import RENDER_LOCK
from texts.catalogue import text

PAGE = (13.333, 7.5)  # inches, as the deck's slides


def _hex(value: str) -> str:
    return value if value.startswith("#") else f"#{value}"


def _draw_chart(ax, model: NativeChart) -> None:
    ax.set_title(model.title, loc="left", fontsize=13, color=_hex(INK))
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=9, colors=_hex(MUTED))
    if model.kind == "scatter":
        for series in model.series:
            xs = [x for x, _ in series.points]
            ys = [y for _, y in series.points]
            if series.dashed:
                ax.plot(xs, ys, linestyle="--", color=series.colour, linewidth=1)
                continue
            marker = {"square": "s", "triangle-up": "^", "diamond": "D"}.get(series.shape, "o")
            ax.scatter(
                xs, ys, s=55, marker=marker, color=series.colour, edgecolors="white", linewidths=0.8, label=series.name
            )
            for (x, y), label in zip(series.points, series.labels, strict=False):
                ax.annotate(label, (x, y), xytext=(5, 1), textcoords="offset points", fontsize=8, color=_hex(INK))
        if model.x_range:
            ax.set_xlim(*model.x_range)
        if model.y_range:
            ax.set_ylim(*model.y_range)
        ax.set_xlabel(model.category_title, fontsize=10, color=_hex(MUTED))
        ax.set_ylabel(model.value_title, fontsize=10, color=_hex(MUTED))
    elif model.kind == "line":
        ticks = list(range(len(model.categories)))
        for series in model.series:
            ax.plot(
                ticks,
                [v if v is not None else float("nan") for v in series.values],
                marker="o",
                color=series.colour,
                label=series.name,
            )
        ax.set_xticks(ticks, model.categories)
        ax.set_xlabel(model.category_title, fontsize=10, color=_hex(MUTED))
        ax.set_ylabel(model.value_title, fontsize=10, color=_hex(MUTED))
    else:
        positions = list(range(len(model.categories)))
        positive = [0.0] * len(positions)
        negative = [0.0] * len(positions)
        count = len(model.series)
        width = 0.75 if model.stacked or count == 1 else 0.75 / count
        horizontal = model.kind == "bar"
        draw = ax.barh if horizontal else ax.bar
        for index, series in enumerate(model.series):
            values = [v or 0.0 for v in series.values]
            places: list[float] = [float(p) for p in positions]
            if model.stacked:
                bases = [negative[i] if v < 0 else positive[i] for i, v in enumerate(values)]
            else:
                bases = [0.0] * len(values)
                places = [p - 0.375 + width * (index + 0.5) for p in positions]
            bars = draw(places, values, width, bases, color=series.colour, label=series.name or model.value_title)
            if model.value_labels:
                ax.bar_label(bars, labels=[f"{v:g}" if v else "" for v in values], fontsize=8, padding=2)
            for i, v in enumerate(values):
                if v < 0:
                    negative[i] += v
                else:
                    positive[i] += v
        if horizontal:
            ax.set_yticks(positions, model.categories)
            ax.invert_yaxis()
            ax.set_xlabel(model.value_title, fontsize=10, color=_hex(MUTED))
            ax.tick_params(axis="y", labelsize=8 if len(positions) > 14 else 9)
        else:
            ax.set_xticks(positions, model.categories, rotation=30, ha="right")
            ax.set_ylabel(model.value_title, fontsize=10, color=_hex(MUTED))
    named = [series for series in model.series if series.name and not series.dashed]
    if len(named) > 1 or (named and model.legend_title):
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=min(len(named), 6), frameon=False, fontsize=8.5)


def _page():
    from matplotlib.backends.backend_pdf import FigureCanvasPdf
    from matplotlib.figure import Figure

    figure = Figure(figsize=PAGE, facecolor="white")
    FigureCanvasPdf(figure)
    return figure


def _footer(figure, lines: list[str]) -> None:
    for index, line in enumerate(reversed(lines)):
        figure.text(0.0375, 0.025 + 0.024 * index, line, fontsize=7.5, color=_hex(MUTED), va="bottom")


def _view_page(figure, slide: Slide, language: str) -> None:
    import matplotlib.image as mpimg

    figure.text(0.0375, 0.93, slide.title, fontsize=24, color=_hex(INK), va="bottom")
    top = 0.9
    if slide.figure or slide.takeaway:
        if slide.figure:
            figure.text(0.0375, 0.82, slide.figure, fontsize=30, color=_hex(ACCENT), va="bottom")
        left = 0.2 if slide.figure else 0.0375
        lines = map_render.wrap_text(slide.takeaway, 120)[:2]
        if slide.figure_label:
            figure.text(left, 0.865, slide.figure_label, fontsize=11, color=_hex(MUTED), va="bottom")
        for index, line in enumerate(lines):
            figure.text(left, 0.835 - 0.035 * index, line, fontsize=13, color=_hex(INK), va="bottom")
        top = 0.76
    footer = [
        *[line for source in slide.sources[:3] for line in map_render.wrap_text(source, 210)[:2]],
        f"{text(language, 'briefing.deck.live_view')} {slide.link}",
    ]
    bottom = 0.05 + 0.024 * len(footer)
    visual = slide.visual
    if visual is not None and visual.chart is not None:
        left = 0.2 if visual.chart.kind == "bar" else 0.08  # room for category names
        ax = figure.add_axes((left, bottom + 0.1, 0.96 - left, top - bottom - 0.16))
        _draw_chart(ax, visual.chart)
    elif visual is not None and visual.image:
        image = mpimg.imread(io.BytesIO(visual.image), format="png")
        ax = figure.add_axes((0.0375, bottom + 0.01, 0.925, top - bottom - 0.02))
        ax.imshow(image)
        ax.set_axis_off()
    _footer(figure, footer)


def pdf_bytes(briefing: Briefing) -> bytes:
    """The briefing as a PDF: title page, one page per view, sources page."""
    matplotlib = map_render._matplotlib()
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.patches import Rectangle

    language = briefing.language
    buffer = io.BytesIO()
    with (
        RENDER_LOCK,
        matplotlib.rc_context({"font.family": [map_render._mpl_font, "DejaVu Sans"], "pdf.fonttype": 42}),
        PdfPages(buffer, metadata={"Title": briefing.title, "Creator": "Smart City Atlas"}) as pdf,
    ):
        figure = _page()
        figure.text(0.0375, 0.52, briefing.title, fontsize=36, color=_hex(INK), va="bottom")
        figure.add_artist(Rectangle((0.0375, 0.49), 0.12, 0.008, transform=figure.transFigure, color=_hex(ACCENT)))
        figure.text(
            0.0375,
            0.43,
            text(language, "briefing.deck.subtitle", count=len(briefing.slides)),
            fontsize=16,
            color=_hex(MUTED),
        )
        figure.text(0.0375, 0.38, briefing.date, fontsize=14, color=_hex(MUTED))
        pdf.savefig(figure)
        for slide in briefing.slides:
            figure = _page()
            _view_page(figure, slide, language)
            pdf.savefig(figure)
        figure = _page()
        figure.text(0.0375, 0.9, text(language, "briefing.deck.sources_title"), fontsize=24, color=_hex(INK))
        lines = [f"{index}. {report}" for index, report in enumerate(briefing.reports, 1)] + [""]
        lines += [f"• {line}" for source in briefing.all_sources() for line in map_render.wrap_text(source, 160)]
        lines += ["", *map_render.wrap_text(text(language, "briefing.deck.basis_rule"), 160)]
        size = 10 if len(lines) <= 26 else max(6.0, 10 * 26 / len(lines))
        for index, line in enumerate(lines):
            figure.text(0.0375, 0.84 - index * size * 0.0034, line, fontsize=size, color=_hex(INK), va="top")
        pdf.savefig(figure)
    return buffer.getvalue()
