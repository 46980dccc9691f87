"""``python -m bot export milestones`` in a real subprocess: the shipped calendar as a sheet."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from tests.unit.test_cli import ROOT, thidua


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "config.toml").write_text(
        (ROOT / "config.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return tmp_path


def test_a_year_of_milestones_is_written_in_date_order(workdir: Path) -> None:
    result = thidua(workdir, "export", "milestones", "--year", "2027", "-o", "lich.xlsx")
    assert result.returncode == 0, result.stderr
    assert "Đã ghi lịch thi đua năm 2027 (8 mốc) vào tệp lich.xlsx" in result.stdout
    sheet = load_workbook(io.BytesIO((workdir / "lich.xlsx").read_bytes())).active
    assert "Lịch thi đua năm 2027" in sheet["A1"].value
    days = [sheet[f"B{row}"].value.strftime("%d/%m") for row in range(3, sheet.max_row + 1)]
    assert days == ["31/01", "30/06", "20/11", "25/11", "05/12", "10/12", "15/12", "25/12"]
    names = [sheet[f"C{row}"].value for row in range(3, sheet.max_row + 1)]
    assert "Hạn báo cáo thống kê thi đua, khen thưởng năm gửi cấp trên" in names[6]
    # No unit has registered for 2027: every active unit of the shipped config is pending.
    assert sheet["G3"].value == sheet["H3"].value > 0


def test_help_and_a_wrong_year(workdir: Path) -> None:
    shown = thidua(workdir, "export", "milestones", "--help")
    assert shown.returncode == 0 and "--year" in shown.stdout and "--output" in shown.stdout
    wrong = thidua(workdir, "export", "milestones", "--year", "1990")
    assert wrong.returncode == 2 and "--year" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    assert list(workdir.glob("*.xlsx")) == []
