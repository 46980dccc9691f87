"""``python -m bot statistics`` and the staff category from the command line (the personnel
file's ``category`` column, ``members category``), in a real subprocess."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from tests.unit.test_cli import ROOT, thidua

HEADER = "unit,full_name,service_start,category\n"
JOIN = "/start\nTrần Văn Quản\nChánh Văn phòng\n1\n!thoat\n"


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "config.toml").write_text(
        (ROOT / "config.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    joined = thidua(tmp_path, "chat", stdin=JOIN)
    assert joined.returncode == 0, joined.stderr
    return tmp_path


def test_the_category_is_imported_set_and_checked_by_the_tables(workdir: Path) -> None:
    people = workdir / "nhan-su.csv"
    people.write_text(HEADER + "VP,Tran Van Quan,,Doanh nhan\n", encoding="utf-8")
    imported = thidua(workdir, "import-personnel", str(people))
    assert imported.returncode == 0, imported.stderr
    assert "Đã ghi đối tượng (biểu thống kê TT 02/2023) cho 1 người." in imported.stdout

    clean = thidua(workdir, "statistics", "--year", "2026", "--out", "bieu.xlsx")
    assert clean.returncode == 0, clean.stderr
    assert clean.stdout.strip() == (
        "Đã ghi biểu thống kê năm 2026 (0 lượt khen thưởng, không rõ số phong trào)"
        " vào bieu.xlsx; kiểm tra thấy 0 vấn đề."
    )
    assert "Cảnh báo" not in clean.stderr  # the shipped catalogue is classified
    book = load_workbook(io.BytesIO((workdir / "bieu.xlsx").read_bytes()))
    assert book.sheetnames == ["Biểu 0601", "Biểu 0602", "Biểu 0603", "Kiểm tra"]
    assert book["Biểu 0603"]["A1"].value == "Biểu số: 0603.N/BNV-TĐKT"

    unset = thidua(workdir, "members", "category", "1", "unknown")
    assert unset.returncode == 0, unset.stderr
    assert unset.stdout.strip() == "Đã ghi đối tượng của Trần Văn Quản: Chưa rõ."
    warned = thidua(workdir, "statistics", "--year", "2026", "--out", "bieu.xlsx")
    assert warned.returncode == 0, warned.stderr
    assert "kiểm tra thấy 1 vấn đề" in warned.stdout
    assert "1 thành viên đang hoạt động chưa rõ đối tượng" in warned.stderr
    sheet = load_workbook(io.BytesIO((workdir / "bieu.xlsx").read_bytes()))["Kiểm tra"]
    names = [row[1] for row in sheet.iter_rows(values_only=True) if len(row) > 1]
    assert "Trần Văn Quản" in names

    again = thidua(workdir, "members", "category", "1", "frontline")
    assert again.stdout.strip() == (
        "Đã ghi đối tượng của Trần Văn Quản: Người trực tiếp công tác, lao động."
    )


def test_a_bad_category_is_refused_with_the_line_and_column(workdir: Path) -> None:
    people = workdir / "nhan-su.csv"
    people.write_text(HEADER + "VP,Trần Văn Quản,,giám đốc\n", encoding="utf-8")
    result = thidua(workdir, "import-personnel", str(people))
    assert result.returncode == 2
    assert "dòng 2, cột «category»" in result.stderr
    assert "đối tượng «giám đốc» không hợp lệ" in result.stderr
    typed = thidua(workdir, "members", "category", "1", "sep")
    assert typed.returncode == 2
    assert "Đối tượng «sep» không hợp lệ" in typed.stderr
    bad_year = thidua(workdir, "statistics", "--year", "1900")
    assert bad_year.returncode == 2
