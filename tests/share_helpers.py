"""Helpers for the sharing, embedding and export tests (and benchmarks/bench_exports.py)."""

import io
import json
import re
from pathlib import Path

import pyarrow as pa

ROOT = Path(__file__).resolve().parents[1]
# Pages that write (analyst sign-in, upload, versions) never appear in shared or embedded views,
# nor does the presenter's briefing workspace.
WRITE_PAGES = {"sign_in", "upload", "versions", "briefing"}


def view_pages() -> list[str]:
    """Every read-only page app.py registers, by file stem."""
    sources = (ROOT / "app.py").read_text(encoding="utf-8")
    stems = re.findall(r'st\.Page\(\s*"app_pages/([a-z_]+)\.py"', sources)
    return [stem for stem in dict.fromkeys(stems) if stem not in WRITE_PAGES]


def run_page(app, page: str, **params):
    """Open /<page>?params the way a shared link does: register pages, then apply the link."""
    app.run()
    app.query_params.clear()
    app.query_params.update(params)
    if page != "overview":
        app.switch_page(f"app_pages/{page}.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def full_specs(app) -> list[dict]:
    """Each Vega-Lite chart on screen as a self-contained spec (Streamlit ships data separately)."""
    specs = []
    for element in app.get("vega_lite_chart"):
        spec = json.loads(element.proto.spec)
        datasets = dict(spec.get("datasets", {}))
        for dataset in element.proto.datasets:
            rows = pa.ipc.open_stream(io.BytesIO(dataset.data.data)).read_all().to_pylist()
            datasets[dataset.name] = rows
        if element.proto.HasField("data"):
            rows = pa.ipc.open_stream(io.BytesIO(element.proto.data.data)).read_all().to_pylist()
            datasets["_main"] = rows
            spec["data"] = {"name": "_main"}
        spec["datasets"] = datasets
        specs.append(spec)
    return specs


def deck_jsons(app) -> list[str]:
    return [element.proto.json for element in app.get("deck_gl_json_chart")]


def page_context(app):
    """The page context (components.page_context) of the last run."""
    from components.page_context import SESSION_KEY

    return app.session_state[SESSION_KEY]


def export_menus(app) -> list[str]:
    """The keys of the "Download PNG · SVG · CSV" menus drawn in the last run."""
    return list(page_context(app).export_menus)


def open_export_menus(app):
    """Open every export menu (their buttons exist only while open) and rerun."""
    for key in export_menus(app):
        app.session_state[key] = True
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def download_keys(app) -> list[str]:
    """The user keys of the export buttons drawn (export-<element>-<format>)."""
    keys = []
    for button in app.get("download_button"):
        match = re.search(r"(export-.+)$", button.proto.id)
        if match:
            keys.append(match.group(1))
    return keys


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
