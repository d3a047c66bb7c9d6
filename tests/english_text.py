"""Collecting every piece of text a page shows (for the English-page test): from AppTest's
elements, the Vega-Lite specs and the deck JSON, each tagged with where it came from."""

import json
import re

from apptest_helpers import vega_charts

CJK_PUNCTUATION = re.compile(
    r"[\u3001\u3002\uff0c\uff1b\uff1a\uff08\uff09\u201c\u201d\u300a\u300b\uff01\uff1f\u3010\u3011]"
)
HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


def _markdown_plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)  # legend html
    return text.replace("\\", "")


def _chart_texts(chart: dict):
    spec = chart["spec"]
    fields = set()

    def walk(node, path=""):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("title", "subtitle", "text") and isinstance(value, (str, list)):
                    for line in [value] if isinstance(value, str) else value:
                        if isinstance(line, str):
                            yield f"chart {path}.{key}", line
                if key == "field" and isinstance(value, str) and node.get("type") == "nominal":
                    fields.add(value)
                if key == "labelExpr" and isinstance(value, str):
                    for line in re.findall(r'"([^"]*)"', value):
                        yield f"chart {path}.labelExpr", line
                yield from walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for item in node:
                yield from walk(item, path)

    yield from walk({key: value for key, value in spec.items() if key not in ("datasets", "data")})
    for row in chart["data"]:
        for field in fields:
            value = row.get(field)
            if isinstance(value, str):
                yield f"chart field {field}", value


def _deck_texts(deck: dict):
    for layer in deck.get("layers", []):
        data = layer.get("data")
        rows = data.get("features", []) if isinstance(data, dict) else (data or [])
        for row in rows:
            row = row.get("properties", row) if isinstance(row, dict) else {}
            if isinstance(row.get("text"), str):
                yield f"map {layer.get('id')} label", row["text"]
            if isinstance(row.get("label"), str):
                yield f"map {layer.get('id')} label", row["label"]
            if isinstance(row.get("tooltip"), str):
                for line in row["tooltip"].split("\n")[1:]:  # the first line names the place in both languages
                    yield f"map {layer.get('id')} tooltip", line


def page_texts(at, verbatim_columns: set[str]) -> list[tuple[str, str]]:
    """(where, text) for everything the page shows, except cells of verbatim columns."""
    texts: list[tuple[str, str]] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        for element in getattr(at, kind):
            texts.append((kind, _markdown_plain(element.value)))
    for metric in at.metric:
        texts += [("metric label", metric.label), ("metric value", str(metric.value))]
        if metric.help:
            texts.append(("metric help", metric.help))
    for kind in ("selectbox", "multiselect", "radio", "text_input", "toggle", "slider", "select_slider", "button"):
        for widget in getattr(at, kind, []):
            texts.append((f"{kind} label", widget.label))
            for option in getattr(widget, "options", []) or []:
                texts.append((f"{kind} option", str(option)))
    for element in at.get("button_group"):
        for option in element.proto.options:
            texts.append(("pills option", option.content))
    for frame in at.dataframe:
        value = frame.value
        for column in value.columns:
            texts.append(("table header", str(column)))
            if column in verbatim_columns:
                continue
            texts += [(f"table {column}", cell) for cell in value[column] if isinstance(cell, str)]
        columns = json.loads(frame.proto.columns or "{}")
        texts += [("table help", config["help"]) for config in columns.values() if config.get("help")]
    for chart in vega_charts(at):
        texts += list(_chart_texts(chart))
    for element in at.get("deck_gl_json_chart"):
        texts += list(_deck_texts(json.loads(element.proto.json)))
    return texts
