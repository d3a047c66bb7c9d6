"""Every path that writes CSV neutralises formulas: the app's download buttons do (tests/
test_exports_files.py), and the table toolbar's built-in "Download as CSV", which does not, is
switched off for every viewer."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_built_in_table_download_is_switched_off():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True


def test_no_page_writes_csv_around_the_neutralising_writer():
    """CSV bytes come from components/csv_files.py only (no to_csv elsewhere in the UI)."""
    writers = [
        path.relative_to(ROOT).as_posix()
        for path in [*(ROOT / "components").glob("*.py"), *(ROOT / "app_pages").glob("*.py"), ROOT / "app.py"]
        if ".to_csv(" in path.read_text(encoding="utf-8")
    ]
    assert writers == ["components/csv_files.py"]
