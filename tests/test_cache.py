"""The one cache (queries/cache.py): what pages read is kept across reruns and sessions, yet a commit
shows on the next read, what one caller does to a frame never reaches the next, and a view worded in
one language or tier edition is never served in another."""

import pandas as pd

from queries.cache import cached_on_data, read_frame

from ingest_helpers import run_cli

TIERS_2025 = (
    "版本,版本名称,年份,城市,梯队,来源\n"
    "tier_2025,测试 2025 梯队,2025,北京,领军,测试报告 第1页\n"
    "tier_2025,测试 2025 梯队,2025,宁波,领军,测试报告 第1页\n"
)


def test_a_commit_shows_on_the_next_read_without_clearing_anything(db, tmp_path):
    assert "tier_2025" not in read_frame("tiers/editions")["edition"].tolist()
    path = tmp_path / "tiers.csv"
    path.write_bytes(TIERS_2025.encode())
    assert run_cli("--kind", "tiers", path)[0] == 0
    assert read_frame("tiers/editions")["edition"].tolist()[0] == "tier_2025"


def test_a_caller_changing_its_frame_leaves_the_next_callers_frame_alone(db):
    first = read_frame("tiers/editions")
    first["edition"] = "changed"
    first["added"] = 1
    again = read_frame("tiers/editions")
    assert "changed" not in again["edition"].tolist() and "added" not in again


def test_results_are_kept_per_argument_and_per_wording(db):
    calls = []
    wording = ["zh"]

    @cached_on_data(also=lambda: wording[0])
    def worded(frame: pd.DataFrame, scale: int) -> list:
        calls.append((wording[0], scale))
        return [f"{wording[0]}:{value * scale}" for value in frame["value"]]

    frame = pd.DataFrame({"value": [1, 2]})
    assert worded(frame, 10) == ["zh:10", "zh:20"]
    assert worded(frame.copy(), 10) == ["zh:10", "zh:20"]  # equal content: kept, not computed again
    assert calls == [("zh", 10)]
    assert worded(pd.DataFrame({"value": [1, 3]}), 10) == ["zh:10", "zh:30"]  # other rows, other result
    assert worded(frame, 100) == ["zh:100", "zh:200"]
    wording[0] = "en"
    assert worded(frame, 10) == ["en:10", "en:20"]  # never the Chinese wording on an English page
    assert len(calls) == 4
