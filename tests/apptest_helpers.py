"""Reading what AppTest rendered: deck JSON, Vega-Lite specs with their data, metrics."""

import io
import json

import pyarrow as pa


def decks(at) -> list[dict]:
    return [json.loads(element.proto.json) for element in at.get("deck_gl_json_chart")]


def deck_layers(deck: dict) -> dict[str, dict]:
    return {layer["id"]: layer for layer in deck["layers"]}


def layer_features(layer: dict) -> list[dict]:
    """A GeoJsonLayer's features, inline or from the boundary file its URL names (as the browser loads it)."""
    from queries.boundaries import published_collection

    data = layer["data"]
    return (published_collection(data) if isinstance(data, str) else data)["features"]


def vega_charts(at) -> list[dict]:
    """Each Vega-Lite chart as {'spec': dict, 'data': list of row dicts across its datasets}."""
    charts = []
    for element in at.get("vega_lite_chart"):
        proto = element.proto
        spec = json.loads(proto.spec)
        rows = []
        for dataset in proto.datasets:
            table = pa.ipc.open_stream(io.BytesIO(dataset.data.data)).read_all()
            rows.extend(table.to_pylist())
        for inline in spec.get("datasets", {}).values():
            rows.extend(inline)
        charts.append({"spec": spec, "data": rows, "title": _title(spec)})
    return charts


def _title(spec: dict) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text", "")
    return " ".join(title) if isinstance(title, list) else (title or "")  # a wrapped title: its lines


def chart_titled(at, text: str) -> dict:
    matches = [chart for chart in vega_charts(at) if text in chart["title"]]
    assert matches, f"no chart titled {text!r}; have {[c['title'] for c in vega_charts(at)]}"
    return matches[0]


def metric_values(at) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def labelled(widgets, label: str):
    """The widget of a kind (app.selectbox, app.text_input, …) whose label is `label`."""
    matches = [widget for widget in widgets if widget.label == label]
    assert matches, f"no widget labelled {label!r}; have {[w.label for w in widgets]}"
    return matches[0]


def column_values(at, column: str) -> set:
    """Every non-empty value shown in `column` of any table on the page."""
    return {value for frame in at.dataframe if column in frame.value for value in frame.value[column] if value}
