"""The statistics workbook opened with openpyxl: a sheet per Biểu with the form's header,
the figures found by their Mã số, blanks where the bot holds nothing, and "Kiểm tra"."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook  # type: ignore[import-untyped]

from bot.app import App
from bot.exports import statistics
from tests.services.statistics_seed import seed_year, statistics_app  # noqa: F401

SIGNER = statistics.Signer("Sở Khoa học và Công nghệ tỉnh Phú Thọ", "Phú Thọ", "GIÁM ĐỐC")


def _row(sheet: Any, code: str) -> list[Any]:
    """The cells of the row whose Mã số (column B) is ``code``."""
    for row in sheet.iter_rows(min_row=10, values_only=True):
        if row[1] == code:
            return list(row)
    raise AssertionError(code)


def _texts(sheet: Any) -> str:
    return "\n".join(
        str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None
    )


async def _book(app: App) -> Any:
    seeded = await seed_year(app)
    year = app.clock.now().astimezone(app.settings.organisation.zone).year
    figures = await app.services.statistics.year(seeded.office, year)
    content = statistics.workbook(figures, app.texts, SIGNER)
    return load_workbook(io.BytesIO(content))


async def test_the_province_sheet_has_the_form_layout_and_figures(app: App) -> None:
    book = await _book(app)
    assert book.sheetnames == ["Biểu 0601", "Biểu 0602", "Biểu 0603", "Kiểm tra"]
    sheet = book["Biểu 0603"]
    text = _texts(sheet)
    for words in (
        "Biểu số: 0603.N/BNV-TĐKT",
        "Ban hành theo Thông tư số 02/2023/TT-BNV ngày 23 tháng 3 năm 2023",
        "Đơn vị báo cáo: Sở Khoa học và Công nghệ tỉnh Phú Thọ",
        "Thời điểm báo cáo: năm 2026",
        "Chia ra",
        "Người lập biểu",
        "GIÁM ĐỐC",
        "(Ký, họ tên, đóng dấu)",
    ):
        assert words in text
    assert _row(sheet, "01")[:8] == ["Tổng số", "01", None, 4, 3, 1, 0, 0]
    individuals = _row(sheet, "05")
    assert individuals[0] == "- Cá nhân"
    assert individuals[2:5] == ["Người", 3, 2]
    assert _row(sheet, "10")[0].startswith("+ Người trực tiếp công tác")
    assert _row(sheet, "10")[3] == 1
    assert _row(sheet, "13")[:5] == ["- Đột xuất", "13", None, 1, 1]
    # Households: the bot holds none of them, so the cells stay empty (not 0).
    assert _row(sheet, "04")[3:8] == [None] * 5
    letters = [c.value for c in sheet[11]][:8]
    assert letters == ["A", "B", "C", "1", "2", "3", "4", "5"]


async def test_the_state_and_movement_sheets(app: App) -> None:
    book = await _book(app)
    state = book["Biểu 0602"]
    assert "SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC" in _texts(state)
    assert "Bằng khen của Thủ tướng Chính phủ" in _texts(state)
    assert _row(state, "09")[3] == 1  # one individual: Khác
    movements = book["Biểu 0601"]
    assert "Đơn vị tính: Phong trào" in _texts(movements)
    # 2026 lies in no period of the test database: the movement figures are blank.
    assert _row(movements, "01")[2:6] == [None] * 4


async def test_the_check_sheet_lists_what_to_fix(app: App) -> None:
    book = await _book(app)
    text = _texts(book["Kiểm tra"])
    assert "Cá nhân được khen thưởng trong năm chưa rõ đối tượng (1)" in text
    assert "Hoàng Văn Lãnh" in text
    assert "GK-GD" in text
    assert "Giấy khen của Giám đốc Sở" in text
