"""``python -m bot export initiatives`` in a real subprocess, on a database seeded in-process."""

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
from tests.services.initiatives_seed import START, seed
from tests.unit.test_cli import ROOT, thidua


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "config.toml").write_text(
        (ROOT / "config.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return tmp_path


async def _seed(workdir: Path) -> None:
    # The same SQLite file the subprocess opens (data/thidua.db next to config.toml).
    settings = load_settings(workdir / "config.toml", environ={})
    clock = FakeClock(START)
    app = await open_app(settings, clock=clock)
    try:
        await seed(app, clock)
    finally:
        await app.close()


@pytest.fixture
def seeded(workdir: Path) -> Path:
    asyncio.run(_seed(workdir))
    return workdir


def sheet_of(path: Path) -> Any:
    return load_workbook(io.BytesIO(path.read_bytes())).active


def codes(sheet: Any) -> list[str]:
    return [row[1].value for row in sheet.iter_rows(min_row=3)]


def test_help_names_the_options(workdir: Path) -> None:
    result = thidua(workdir, "export", "initiatives", "--help")
    assert result.returncode == 0
    for option in ("--year", "--from", "--to", "--state", "--unit", "--output"):
        assert option in result.stdout


def test_a_year_is_written_with_one_row_per_initiative(seeded: Path) -> None:
    result = thidua(seeded, "export", "initiatives", "--year", "2026", "-o", "nam-2026.xlsx")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "Đã ghi 3 sáng kiến (Năm 2026 · Mọi trạng thái · Tất cả đơn vị) vào tệp nam-2026.xlsx"
    )
    sheet = sheet_of(seeded / "nam-2026.xlsx")
    assert "Năm 2026" in sheet["A1"].value
    assert sheet["B2"].value == "Mã sáng kiến"
    assert codes(sheet) == ["SK-2026-0001", "SK-2026-0002", "SK-2026-0003"]
    assert sheet["I3"].value == "Trần Thị Bình (30%); Ông Ngoài (10%)"
    assert [sheet[f"K{r}"].value for r in (3, 4, 5)] == [
        "Được công nhận",
        "Trả lại để bổ sung",
        "Đã nộp",
    ]
    assert sheet["L3"].is_date
    assert f"{sheet['L3'].value:%d/%m/%Y %H:%M}" == "01/01/2026 00:30"
    # The council's conclusion and the head's decision come after the form's columns (AA).
    assert [sheet[f"{c}2"].value for c in ("AA", "AB", "AE", "AG")] == [
        "Lợi ích theo ý kiến tổ chức, cá nhân đã áp dụng",
        "Kết luận của Hội đồng sáng kiến",
        "Ngày quyết định",
        "Số giấy chứng nhận sáng kiến",
    ]
    assert [sheet[f"{c}3"].value for c in ("AB", "AC", "AD", "AF", "AG")] == [
        "Đạt",
        "Đạt đủ điều kiện",
        "15/QĐ-STTTT",
        "Giám đốc Nguyễn Văn Bình",
        "001/GCN-SK-2025",  # decided on 31/12/2025
    ]
    assert sheet["AE3"].is_date and f"{sheet['AE3'].value:%d/%m/%Y}" == "31/12/2025"
    # Not concluded: blanks, nothing invented.
    assert [sheet[f"{c}4"].value for c in ("AB", "AC", "AD", "AE", "AF", "AG")] == [None] * 6


def test_range_state_and_unit_together(seeded: Path) -> None:
    result = thidua(
        seeded,
        "export",
        "initiatives",
        "--from",
        "01/01/2026",
        "--to",
        "31/03/2026",
        "--state",
        "recognized",
        "--unit",
        "CNTT",
        "-o",
        "quy-1.xlsx",
    )
    assert result.returncode == 0, result.stderr
    sheet = sheet_of(seeded / "quy-1.xlsx")
    assert codes(sheet) == ["SK-2026-0001"]
    title = sheet["A1"].value
    for part in ("Từ 01/01/2026 đến 31/03/2026", "Được công nhận", "Phòng Công nghệ thông tin"):
        assert part in title


def test_without_output_the_file_is_named_after_the_filters(seeded: Path) -> None:
    result = thidua(seeded, "export", "initiatives", "--unit", "VHTT-VY")
    assert result.returncode == 0, result.stderr
    assert codes(sheet_of(seeded / "sang-kien-tat-ca-vhtt-vy.xlsx")) == ["SK-2025-0001"]


def test_nothing_matching_still_writes_the_header(seeded: Path) -> None:
    result = thidua(seeded, "export", "initiatives", "--year", "2024", "-o", "trong.xlsx")
    assert result.returncode == 0, result.stderr
    assert "Không có sáng kiến nào" in result.stdout
    sheet = sheet_of(seeded / "trong.xlsx")
    assert sheet.max_row == 2


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--from", "32/01/2026"], "--from: «32/01/2026» không phải ngày"),
        (["--to", "2026-03-31"], "--to: «2026-03-31» không phải ngày"),
        (["--state", "tot"], "không có trạng thái «tot»"),
        (["--state", "draft"], "không có trạng thái «draft»"),
        (["--unit", "KHONGCO"], "Không có đơn vị mã «KHONGCO»."),
        (["--year", "1999"], "--year phải là một số từ 2000 đến 2100"),
        (["--from", "31/03/2026", "--to", "01/01/2026"], "ngày bắt đầu 31/03/2026 ở sau"),
        (["-o", "khong-co/x.xlsx"], "Không ghi được tệp «khong-co/x.xlsx»"),
    ],
)
def test_wrong_values_exit_2_with_one_vietnamese_line(
    workdir: Path, args: list[str], expected: str
) -> None:
    result = thidua(workdir, "export", "initiatives", *args)
    assert result.returncode == 2
    problem = result.stderr.strip().splitlines()[-1]  # after the migration's log lines
    assert expected in problem
    assert "Traceback" not in result.stderr
    assert list(workdir.glob("*.xlsx")) == []
