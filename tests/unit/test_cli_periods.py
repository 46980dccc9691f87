"""``python -m bot plan publish FILE --period 2026-2030`` and ``plan periods``, in a real
subprocess, as the README shows the Office loading a new period's plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.period_fixture import write_fixture
from tests.unit.test_cli import ROOT, thidua


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "config.toml").write_text(
        (ROOT / "config.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return tmp_path


def test_a_new_period_is_opened_with_its_plan_and_listed(workdir: Path) -> None:
    plan = write_fixture(workdir)
    checked = thidua(workdir, "plan", "publish", str(plan), "--period", "2026-2030", "--dry-run")
    assert checked.returncode == 0, checked.stderr
    assert "Phong trào giả định" in checked.stdout
    opened = thidua(workdir, "plan", "publish", str(plan), "--period", "2026-2030", "--yes")
    assert opened.returncode == 0, opened.stderr
    assert "Sẽ mở giai đoạn 2026-2030 (kết thúc giai đoạn 2021-2025)" in opened.stdout
    assert "phiên bản 2" in opened.stdout
    listed = thidua(workdir, "plan", "periods")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == [
        "2026-2030\tđang thực hiện\tphiên bản 2\tGiai đoạn 2026–2030",
        "2021-2025\tđã kết thúc\tphiên bản 1\tGiai đoạn 2021–2025",
    ]
    # The next start-up does not publish the configured 2021–2025 file into 2026–2030.
    assert thidua(workdir, "migrate").returncode == 0
    again = thidua(workdir, "plan", "periods")
    assert "2026-2030\tđang thực hiện\tphiên bản 2" in again.stdout
    closed = thidua(workdir, "plan", "publish", str(plan), "--period", "2021-2025", "--yes")
    assert closed.returncode == 2
    assert "nêu giai đoạn 2026-2030, không phải giai đoạn 2021-2025" in closed.stderr


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2030-2026", "năm đầu không sau năm cuối"),
        ("2026", "2026-2030"),
        ("2027-2031", "nêu giai đoạn 2026-2030, không phải giai đoạn 2027-2031"),
    ],
)
def test_a_wrong_period_is_refused_before_anything_changes(
    workdir: Path, period: str, expected: str
) -> None:
    plan = write_fixture(workdir)
    result = thidua(workdir, "plan", "publish", str(plan), "--period", period, "--yes")
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    listed = thidua(workdir, "plan", "periods")
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == ["2021-2025"]
