"""``python -m bot export nominations|reports`` in a real subprocess, seeded in-process."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from bot.app import open_app
from bot.config import load_settings
from tests.fakes.clock import FakeClock
from tests.services.initiatives_seed import START
from tests.services.nominations_reports_seed import seed_nominations
from tests.unit.test_cli import ROOT, thidua


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    # The seed files its nominations one by one (/decu), which takes no emulation title: the
    # shipped titles are made commendations here (none then is every member's default), the
    # exports read them alike.
    shipped = (ROOT / "config.toml").read_text(encoding="utf-8")
    text = shipped.replace('kind = "title"\n', "").replace('default_individual = "LDTT"', "")
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    return tmp_path


async def _seed(workdir: Path) -> None:
    settings = load_settings(workdir / "config.toml", environ={})
    clock = FakeClock(START)
    app = await open_app(settings, clock=clock)
    try:
        await seed_nominations(app, clock)
    finally:
        await app.close()


@pytest.fixture
def seeded(workdir: Path) -> Path:
    asyncio.run(_seed(workdir))
    return workdir


def sheet_of(path: Path) -> Any:
    return load_workbook(io.BytesIO(path.read_bytes())).active


def column(sheet: Any, letter: str) -> list[Any]:
    return [sheet[f"{letter}{r}"].value for r in range(3, sheet.max_row + 1)]


def test_help_names_the_options(workdir: Path) -> None:
    nominations = thidua(workdir, "export", "nominations", "--help")
    assert nominations.returncode == 0
    for option in ("--year", "--from", "--to", "--track", "--state", "--unit", "--output"):
        assert option in nominations.stdout
    reports = thidua(workdir, "export", "reports", "--help")
    assert reports.returncode == 0
    assert "--period" in reports.stdout


def test_nominations_of_a_year_with_the_adhoc_flag(seeded: Path) -> None:
    result = thidua(seeded, "export", "nominations", "--year", "2026", "-o", "dc.xlsx")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "Đã ghi 3 hồ sơ đề nghị khen thưởng (Năm 2026 · Mọi loại khen thưởng · Mọi trạng thái"
        " · Tất cả đơn vị) vào tệp dc.xlsx"
    )
    sheet = sheet_of(seeded / "dc.xlsx")
    assert "«Tính thành tích hằng năm» là thành tích hằng năm" in sheet["A1"].value
    assert (sheet["B2"].value, sheet["E2"].value) == ("Mã hồ sơ", "Tính thành tích hằng năm")
    assert column(sheet, "B") == ["DC-2026-0001", "DC-2026-0002", "DC-2026-0003"]
    assert column(sheet, "D") == ["Thường xuyên (hằng năm)", "Đột xuất", "Thường xuyên (hằng năm)"]
    assert column(sheet, "E") == ["Có", "Không", "Có"]
    assert column(sheet, "K") == ["Đã có quyết định khen thưởng", "Đã nộp", "Trả lại để bổ sung"]
    assert column(sheet, "P") == ["125/QĐ-SKHCN", None, None]
    assert sheet["N3"].is_date
    assert f"{sheet['N3'].value:%d/%m/%Y %H:%M}" == "01/04/2026 00:30"


def test_nominations_by_track_state_and_unit_and_the_default_name(seeded: Path) -> None:
    result = thidua(seeded, "export", "nominations", "--track", "adhoc", "--unit", "CNTT")
    assert result.returncode == 0, result.stderr
    sheet = sheet_of(seeded / "de-nghi-khen-thuong-tat-ca-adhoc-cntt.xlsx")
    assert column(sheet, "B") == ["DC-2026-0002"]
    assert "Loại: Đột xuất" in sheet["A1"].value
    result = thidua(seeded, "export", "nominations", "--state", "returned", "-o", "r.xlsx")
    assert result.returncode == 0, result.stderr
    assert column(sheet_of(seeded / "r.xlsx"), "B") == ["DC-2026-0003"]


def test_nothing_matching_still_writes_the_header(seeded: Path) -> None:
    result = thidua(seeded, "export", "nominations", "--year", "2024", "-o", "trong.xlsx")
    assert result.returncode == 0, result.stderr
    assert "Không có hồ sơ đề nghị khen thưởng nào" in result.stdout
    assert sheet_of(seeded / "trong.xlsx").max_row == 2


def test_the_newest_period_report_status(seeded: Path) -> None:
    result = thidua(seeded, "export", "reports")
    assert result.returncode == 0, result.stderr
    assert "Đã ghi tình hình nộp báo cáo «Báo cáo năm 2026» (2/" in result.stdout
    sheet = sheet_of(next(seeded.glob("tinh-hinh-bao-cao-ky-*.xlsx")))
    rows = {sheet[f"B{r}"].value: r for r in range(3, sheet.max_row + 1)}
    cntt, vy, vp = rows["CNTT"], rows["VHTT-VY"], rows["VP"]
    assert [sheet.cell(cntt, c).value for c in (4, 6, 7, 8)] == [
        "Đã chấp nhận",
        "Không",
        "Phạm Văn Trưởng",
        "Chấp nhận",
    ]
    assert [sheet.cell(vy, c).value for c in (4, 6, 8, 10)] == [
        "Bị trả lại",
        "Có",
        "Trả lại để bổ sung",
        "Thiếu số liệu",
    ]
    assert sheet.cell(vy, 5).is_date
    assert [sheet.cell(vp, c).value for c in (4, 5, 6)] == ["Chưa nộp", None, None]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["nominations", "--track", "nam"], "--track: không có loại khen thưởng «nam»"),
        (["nominations", "--state", "tot"], "không có trạng thái «tot»"),
        (["nominations", "--unit", "KHONGCO"], "Không có đơn vị mã «KHONGCO»."),
        (["nominations", "--year", "1999"], "--year phải là một số từ 2000 đến 2100"),
        (["nominations", "--from", "32/01/2026"], "--from: «32/01/2026» không phải ngày"),
        (["reports"], "Chưa có kỳ báo cáo nào để xuất."),
        (["reports", "--period", "7"], "Không tìm thấy kỳ báo cáo này."),
    ],
)
def test_wrong_values_exit_2_with_one_vietnamese_line(
    workdir: Path, args: list[str], expected: str
) -> None:
    result = thidua(workdir, "export", *args)
    assert result.returncode == 2
    problem = result.stderr.strip().splitlines()[-1]
    assert expected in problem
    assert "Traceback" not in result.stderr
    assert list(workdir.glob("*.xlsx")) == []
