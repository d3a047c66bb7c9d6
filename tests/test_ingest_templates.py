"""Every downloadable template (CSV and .xlsx, Chinese and English headers) passes the product's own
checks, so an analyst who fills one in starts from a row the atlas accepts; its example row, which
would pass too, is flagged so nobody commits it by mistake."""

import pytest

from queries.ingest.kinds import KINDS
from queries.ingest.templates import template_csv, template_xlsx

from ingest_helpers import run_cli


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("suffix,maker", [("csv", template_csv), ("xlsx", template_xlsx)])
@pytest.mark.parametrize("kind", list(KINDS))
def test_each_template_passes_the_dry_run_and_flags_its_example_row(db, tmp_path, kind, suffix, maker, language):
    path = tmp_path / f"{kind}_template_{language}.{suffix}"
    path.write_bytes(maker(kind, language))
    code, report = run_cli("--kind", kind, path, "--dry-run")
    assert code == 0 and report["status"] == "dry_run_ok", [p["message"] for p in report["problems"]]
    assert report["errors"] == 0 and report["rows_accepted"] == 1
    [example] = [p for p in report["problems"] if p["code"] == "template_example"]
    assert example["severity"] == "warning" and example["row"] == 2
