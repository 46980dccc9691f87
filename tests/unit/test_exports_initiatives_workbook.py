"""The initiatives workbook, opened with openpyxl and checked cell by cell."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from bot.domain import InitiativeState
from bot.exports.initiatives import describe, file_name, title_line, workbook
from bot.services.initiatives.export import AuthorShare, ExportFilter, ExportRow
from bot.services.initiatives.form import Applier, AuthorDetails
from bot.texts import Texts

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
HEADERS = [
    "STT",
    "Mã sáng kiến",
    "Tên sáng kiến, giải pháp",
    "Loại giải pháp",
    "Lĩnh vực",
    "Phong trào thi đua",
    "Đơn vị",
    "Tác giả chính",
    "Đồng tác giả (tỷ lệ đóng góp)",
    "Tỷ lệ đóng góp của tác giả chính (%)",
    "Trạng thái",
    "Ngày nộp",
    "Thay đổi gần nhất",
    "Nơi áp dụng",
    "Áp dụng từ ngày",
    "Thực trạng, vấn đề cần giải quyết",
    "Nội dung giải pháp",
    "Hiệu quả, lợi ích",
    "Số tệp đính kèm",
    "Điểm tính mới (trung bình)",
    "Điểm khả năng áp dụng (trung bình)",
    "Điểm hiệu quả (trung bình)",
    "Người nộp đơn (tác giả hoặc chủ đầu tư)",
    "Tác giả: ngày sinh; nơi công tác; chức danh; trình độ chuyên môn; tỷ lệ đóng góp",
    "Thông tin cần được bảo mật",
    "Điều kiện cần thiết để áp dụng",
    "Lợi ích theo ý kiến tổ chức, cá nhân đã áp dụng",
    "Kết luận của Hội đồng sáng kiến",
    "Lý do kết luận",
    "Số quyết định công nhận",
    "Ngày quyết định",
    "Người ký quyết định",
    "Số giấy chứng nhận sáng kiến",
]
ROW = ExportRow(
    code="SK-2026-0001",
    title="Số hóa hồ sơ thi đua",
    kind="quan_ly",
    field="Chuyển đổi số",
    movement="Thi đua thực hiện chuyển đổi số quốc gia",
    unit="Phòng Công nghệ thông tin",
    author="Nguyễn Văn An",
    author_share=60,
    coauthors=(AuthorShare("Trần Thị Bình", 30), AuthorShare("Ông Ngoài", 10)),
    state=InitiativeState.RECOGNIZED,
    submitted_at=datetime(2026, 1, 1, 0, 30, tzinfo=ZONE),
    updated_at=datetime(2026, 2, 3, 14, 5, tzinfo=ZONE),
    applied_where="Văn phòng Sở",
    applied_since=date(2026, 1, 15),
    problem="Hồ sơ giấy chậm.",
    solution="Dùng bot.",
    benefit="Tiết kiệm thời gian.",
    attachments=2,
    novelty=4.5,
    applicability=4.5,
    benefit_score=3.5,
    authors=(
        AuthorShare("Nguyễn Văn An", 60, AuthorDetails("1985-04-25", "Phòng CNTT", "CV", "KS")),
        AuthorShare("Trần Thị Bình", 30, AuthorDetails("1990-09-02", "Văn phòng", "CV", "ThS")),
        AuthorShare("Ông Ngoài", 10),
    ),
    confidential="Mã nguồn.",
    conditions="Máy tính nối mạng.",
    appliers=(Applier("Văn phòng Sở", "Số 1 đường A", "Nhanh gấp đôi."),),
    conclusion="pass",
    conclusion_reason="Đạt đủ điều kiện.",
    decision_number="15/QĐ-STTTT",
    decision_date=date(2026, 3, 1),
    decision_signer="Giám đốc Nguyễn Văn Bình",
    certificate_number="001/GCN-SK-2026",
)
INVESTED = replace(
    ROW,
    code="SK-2026-0003",
    filer="investor",
    investor_name="Công ty Phần mềm X",
    investor_address="Số 2 đường B",
    confidential="",
    appliers=(),
)
UNSCORED = replace(
    ROW,
    code="SK-2026-0002",
    title='=HYPERLINK("http://x")',
    problem="Dòng một\x07\x00 hết",
    coauthors=(),
    author_share=100,
    state=InitiativeState.RETURNED,
    novelty=None,
    applicability=None,
    benefit_score=None,
    conclusion="",
    conclusion_reason="",
    decision_number="",
    decision_date=None,
    decision_signer="",
    certificate_number="",
)
#: Not recognised by the council: a conclusion and its reason, no decision.
FAILED = replace(
    UNSCORED,
    code="SK-2026-0004",
    state=InitiativeState.NOT_RECOGNIZED,
    conclusion="fail",
    conclusion_reason="Chưa có tính mới.",
)


@pytest.fixture(scope="module")
def texts() -> Texts:
    return Texts.load()


def wall(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A naive wall-clock time, as Excel cells hold them."""
    return datetime(year, month, day, hour, minute, tzinfo=ZONE).replace(tzinfo=None)


def opened(content: bytes) -> Any:
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Sáng kiến"]
    return book.active


def values(sheet: Any, row: int) -> list[Any]:
    return [cell.value for cell in sheet[row]]


def test_title_header_and_layout(texts: Texts) -> None:
    sheet = opened(workbook([ROW, UNSCORED], texts, "Sở TT&TT — Danh sách sáng kiến"))
    assert sheet["A1"].value == "Sở TT&TT — Danh sách sáng kiến"
    assert sheet["A1"].font.bold
    assert values(sheet, 2) == HEADERS
    assert all(cell.font.bold for cell in sheet[2])
    assert sheet.freeze_panes == "C3"
    assert sheet.auto_filter.ref == "A2:AG4"
    assert sheet.max_row == 4
    assert sheet.column_dimensions["C"].width == 40
    assert sheet.column_dimensions["B"].width == 14
    assert sheet["Q3"].alignment.wrap_text  # the solution wraps
    assert not sheet["B3"].alignment.wrap_text


def test_a_row_cell_by_cell(texts: Texts) -> None:
    sheet = opened(workbook([ROW], texts, "Tiêu đề"))
    assert values(sheet, 3) == [
        1,
        "SK-2026-0001",
        "Số hóa hồ sơ thi đua",
        "Giải pháp quản lý",
        "Chuyển đổi số",
        "Thi đua thực hiện chuyển đổi số quốc gia",
        "Phòng Công nghệ thông tin",
        "Nguyễn Văn An",
        "Trần Thị Bình (30%); Ông Ngoài (10%)",
        60,
        "Được công nhận",
        wall(2026, 1, 1, 0, 30),  # the time in Vĩnh Phúc, not UTC
        wall(2026, 2, 3, 14, 5),
        "Văn phòng Sở",
        wall(2026, 1, 15),  # openpyxl reads every date back as a datetime
        "Hồ sơ giấy chậm.",
        "Dùng bot.",
        "Tiết kiệm thời gian.",
        2,
        4.5,
        4.5,
        3.5,
        "Tác giả (đồng thời là người nộp đơn)",
        "• Nguyễn Văn An: sinh 25/04/1985; Phòng CNTT; CV; KS; 60%\n"
        "• Trần Thị Bình: sinh 02/09/1990; Văn phòng; CV; ThS; 30%\n"
        "• Ông Ngoài: sinh (chưa khai); (chưa khai); (chưa khai); (chưa khai); 10%",
        "Mã nguồn.",
        "Máy tính nối mạng.",
        "• Văn phòng Sở (Số 1 đường A): Nhanh gấp đôi.",
        "Đạt",
        "Đạt đủ điều kiện.",
        "15/QĐ-STTTT",
        wall(2026, 3, 1),
        "Giám đốc Nguyễn Văn Bình",
        "001/GCN-SK-2026",
    ]
    for column in ("L", "M", "O", "AE"):
        assert sheet[f"{column}3"].is_date, column
    assert sheet["L3"].number_format == "dd/mm/yyyy hh:mm"
    assert sheet["O3"].number_format == "dd/mm/yyyy"
    assert sheet["AE3"].number_format == "dd/mm/yyyy"
    assert sheet["T3"].number_format == "0.00"


def test_unscored_rows_leave_scores_blank_and_typed_text_stays_text(texts: Texts) -> None:
    sheet = opened(workbook([UNSCORED], texts, "Tiêu đề"))
    row = values(sheet, 3)
    assert row[19:22] == [None, None, None]
    assert (row[8], row[9], row[10]) == (None, 100, "Trả lại để bổ sung")
    assert sheet["C3"].value == '=HYPERLINK("http://x")'
    assert sheet["C3"].data_type == "s"  # never a formula Excel would run
    assert sheet["P3"].value == "Dòng một hết"  # control characters dropped
    assert row[27:33] == [None] * 6  # no conclusion, no decision: blanks, nothing invented


def test_a_conclusion_without_a_decision_leaves_the_decision_blank(texts: Texts) -> None:
    row = values(opened(workbook([FAILED], texts, "Tiêu đề")), 3)
    assert row[27:33] == ["Không đạt", "Chưa có tính mới.", None, None, None, None]


def test_an_investor_filing_names_the_investor_and_blanks_stay_visible(texts: Texts) -> None:
    sheet = opened(workbook([INVESTED], texts, "Tiêu đề"))
    row = values(sheet, 3)
    assert row[22] == "Chủ đầu tư tạo ra sáng kiến: Công ty Phần mềm X, địa chỉ: Số 2 đường B"
    assert (row[24], row[26]) == (None, None)  # nothing confidential, no applier listed


def test_an_empty_export_still_has_its_header(texts: Texts) -> None:
    sheet = opened(workbook([], texts, "Tiêu đề"))
    assert values(sheet, 2) == HEADERS
    assert sheet.max_row == 2


def test_filters_in_words_title_and_file_name(texts: Texts) -> None:
    everything = ExportFilter()
    assert describe(texts, everything) == "Mọi thời gian · Mọi trạng thái · Tất cả đơn vị"
    assert file_name(everything) == "sang-kien-tat-ca.xlsx"
    narrow = ExportFilter(
        start=date(2026, 1, 1),
        end=date(2026, 3, 31),
        state=InitiativeState.UNDER_REVIEW,
        unit_code="VHTT-VY",
    )
    assert describe(texts, narrow, unit="Phòng <Văn hóa> & Thông tin") == (
        "Từ 01/01/2026 đến 31/03/2026 · Trạng thái: Hội đồng sáng kiến đang thẩm định"
        " · Đơn vị: Phòng <Văn hóa> & Thông tin"
    )
    assert file_name(narrow) == "sang-kien-20260101-20260331-under-review-vhtt-vy.xlsx"
    year = ExportFilter(year=2026, unit_code="CNTT")
    assert describe(texts, year) == "Năm 2026 · Mọi trạng thái · Đơn vị: CNTT"
    assert file_name(year) == "sang-kien-2026-cntt.xlsx"
    assert file_name(ExportFilter(start=date(2026, 4, 1))) == "sang-kien-tu-20260401.xlsx"
    assert file_name(ExportFilter(end=date(2026, 4, 1))) == "sang-kien-den-20260401.xlsx"
    title = title_line(texts, "Sở TT&TT", "Năm 2026", datetime(2026, 3, 2, 9, 5, tzinfo=ZONE))
    assert (
        title == "Sở TT&TT — Danh sách sáng kiến, giải pháp · Năm 2026 · Xuất lúc 09:05 02/03/2026"
    )
