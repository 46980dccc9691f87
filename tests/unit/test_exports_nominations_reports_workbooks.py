"""The nominations and report status workbooks, opened with openpyxl and checked cell by cell."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import load_workbook  # type: ignore[import-untyped]

from bot.domain import NominationState, NomineeKind, ReportState, Track
from bot.exports import nominations, reports
from bot.services.nominations.export import NominationExportRow, NominationFilter
from bot.services.reports.export import PeriodView, ReportExport, ReportStatusRow, UnitStatus
from bot.texts import Texts

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
TEXTS = Texts.load()
AT = datetime(2026, 4, 1, 9, 15, tzinfo=ZONE)
NOMINATION_HEADERS = [
    "STT",
    "Mã hồ sơ",
    "Năm",
    "Loại khen thưởng",
    "Tính thành tích hằng năm",
    "Phong trào thi đua",
    "Đơn vị đề nghị",
    "Cá nhân, tập thể được đề nghị",
    "Đối tượng",
    "Danh hiệu thi đua hoặc hình thức khen thưởng",
    "Trạng thái",
    "Tóm tắt thành tích",
    "Sáng kiến làm căn cứ",
    "Ngày nộp",
    "Thay đổi gần nhất",
    "Quyết định khen thưởng",
    "Ngày quyết định",
]
REPORT_HEADERS = [
    "STT",
    "Mã đơn vị",
    "Tên đơn vị",
    "Tình trạng",
    "Thời điểm nộp",
    "Nộp muộn",
    "Người nộp",
    "Quyết định gần nhất",
    "Thời điểm quyết định",
    "Lý do",
]
ANNUAL = NominationExportRow(
    code="DC-2026-0001",
    year=2026,
    track=Track.ANNUAL,
    movement="Chuyển đổi số",
    unit="Phòng Công nghệ thông tin",
    nominee="Nguyễn Văn An",
    nominee_kind=NomineeKind.MEMBER,
    award="Chiến sĩ thi đua cơ sở",
    state=NominationState.AWARDED,
    summary="Chủ trì số hóa hồ sơ.",
    initiatives=("SK-2026-0001", "SK-2026-0004"),
    submitted_at=AT,
    updated_at=AT,
    annual_merit=True,
    decision="125/QĐ-SKHCN",
    decided_on=date(2026, 4, 2),
)
ADHOC = NominationExportRow(
    code="DC-2026-0002",
    year=2026,
    track=Track.ADHOC,
    movement="",
    unit="Phòng Công nghệ thông tin",
    nominee="Phòng Công nghệ thông tin",
    nominee_kind=NomineeKind.COLLECTIVE,
    award="Giấy khen của Giám đốc Sở",
    state=NominationState.UNDER_REVIEW,
    summary='=HYPERLINK("http://x")\x07',
    initiatives=(),
    submitted_at=AT,
    updated_at=AT,
    annual_merit=False,
)


def opened(content: bytes) -> Any:
    return load_workbook(io.BytesIO(content)).active


def test_the_nominations_workbook_cell_by_cell() -> None:
    title = nominations.title_line(TEXTS, "Sở TT&TT", "Năm 2026", AT)
    sheet = opened(nominations.workbook([ANNUAL, ADHOC], TEXTS, title))
    assert sheet.title == "Đề nghị khen thưởng"
    assert sheet["A1"].value.startswith("Sở TT&TT — Danh sách đề nghị khen thưởng · Năm 2026")
    assert "Xuất lúc 09:15 01/04/2026" in sheet["A1"].value
    assert "chỉ những dòng «Có» ở cột «Tính thành tích hằng năm»" in sheet["A1"].value
    assert sheet["A1"].font.b
    assert [c.value for c in sheet[2]] == NOMINATION_HEADERS
    assert all(c.font.b for c in sheet[2])
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("C3", "A2:Q4")
    assert sheet.max_row == 4
    first = [c.value for c in sheet[3]]
    assert first[:13] == [
        1,
        "DC-2026-0001",
        2026,
        "Thường xuyên (hằng năm)",
        "Có",
        "Chuyển đổi số",
        "Phòng Công nghệ thông tin",
        "Nguyễn Văn An",
        "Cá nhân là cán bộ của đơn vị",
        "Chiến sĩ thi đua cơ sở",
        "Đã có quyết định khen thưởng",
        "Chủ trì số hóa hồ sơ.",
        "SK-2026-0001; SK-2026-0004",
    ]
    assert all(sheet.cell(3, c).is_date for c in (14, 15, 17))
    assert sheet["P3"].value == "125/QĐ-SKHCN"
    assert f"{sheet['Q3'].value:%d/%m/%Y}" == "02/04/2026"
    second = [c.value for c in sheet[4]]
    assert second[:5] == [2, "DC-2026-0002", 2026, "Đột xuất", "Không"]
    assert second[8:11] == ["Tập thể đơn vị", "Giấy khen của Giám đốc Sở", "Hội đồng đang xét"]
    # Typed text stays text: no formula, and the control character is dropped.
    assert (sheet["L4"].value, sheet["L4"].data_type) == ('=HYPERLINK("http://x")', "s")
    assert (sheet["M4"].value, sheet["P4"].value, sheet["Q4"].value) == (None, None, None)
    assert sheet["L3"].alignment.wrap_text
    assert sheet.column_dimensions["L"].width == 60


def test_every_state_and_track_has_a_name() -> None:
    assert set(nominations.STATES) == set(NominationState)
    assert set(nominations.TRACKS) == set(Track)
    assert set(reports.STATUSES) == set(UnitStatus)


def test_nomination_filters_in_words_and_file_names() -> None:
    everything = NominationFilter()
    assert nominations.describe(TEXTS, everything) == (
        "Mọi thời gian · Mọi loại khen thưởng · Mọi trạng thái · Tất cả đơn vị"
    )
    assert nominations.file_name(everything) == "de-nghi-khen-thuong-tat-ca.xlsx"
    narrow = NominationFilter(
        year=2026, track=Track.ADHOC, state=NominationState.UNDER_REVIEW, unit_code="CNTT"
    )
    assert nominations.describe(TEXTS, narrow, unit="Phòng CNTT") == (
        "Năm 2026 · Loại: Đột xuất · Trạng thái: Hội đồng đang xét · Đơn vị: Phòng CNTT"
    )
    assert nominations.file_name(narrow) == (
        "de-nghi-khen-thuong-2026-adhoc-under-review-cntt.xlsx"
    )
    ranged = NominationFilter(start=date(2026, 1, 1), end=date(2026, 3, 31))
    assert "Từ 01/01/2026 đến 31/03/2026" in nominations.describe(TEXTS, ranged)
    assert nominations.file_name(ranged) == "de-nghi-khen-thuong-20260101-20260331.xlsx"


def _unit(code: str, status: UnitStatus, **values: Any) -> ReportStatusRow:
    base: dict[str, Any] = {
        "submitted_at": None,
        "late": False,
        "submitter": "",
        "decision": None,
        "decided_at": None,
        "reason": "",
    }
    return ReportStatusRow(code=code, unit=f"Đơn vị {code}", status=status, **(base | values))


def test_the_report_status_workbook_cell_by_cell() -> None:
    period = PeriodView(3, "Báo cáo năm 2026", date(2026, 12, 15), True, AT)
    export = ReportExport(
        period,
        (
            _unit(
                "CNTT",
                UnitStatus.ACCEPTED,
                submitted_at=AT,
                submitter="Phạm Văn Trưởng",
                decision=ReportState.ACCEPTED,
                decided_at=AT,
            ),
            _unit(
                "VY",
                UnitStatus.RETURNED,
                submitted_at=AT,
                late=True,
                submitter="Đinh Thị Vĩnh",
                decision=ReportState.RETURNED,
                decided_at=AT,
                reason="Thiếu số liệu",
            ),
            _unit("LATE", UnitStatus.LATE, submitted_at=AT, late=True, submitter="Lê Muộn"),
            _unit("VP", UnitStatus.MISSING),
        ),
    )
    title = reports.title_line(TEXTS, "Sở TT&TT", export, AT)
    assert title == (
        "Sở TT&TT — Tình hình nộp báo cáo «Báo cáo năm 2026» (hạn nộp hết ngày 15/12/2026)"
        " · Đã nộp 3/4 đơn vị · Xuất lúc 09:15 01/04/2026"
    )
    assert reports.file_name(export) == "tinh-hinh-bao-cao-ky-3.xlsx"
    sheet = opened(reports.workbook(export, TEXTS, title))
    assert sheet.title == "Tình hình nộp báo cáo"
    assert [c.value for c in sheet[2]] == REPORT_HEADERS
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("D3", "A2:J6")
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=3, max_col=4)] == [
        [1, "CNTT", "Đơn vị CNTT", "Đã chấp nhận"],
        [2, "VY", "Đơn vị VY", "Bị trả lại"],
        [3, "LATE", "Đơn vị LATE", "Nộp muộn"],
        [4, "VP", "Đơn vị VP", "Chưa nộp"],
    ]
    assert [sheet[f"F{r}"].value for r in range(3, 7)] == ["Không", "Có", "Có", None]
    assert [sheet[f"H{r}"].value for r in range(3, 7)] == [
        "Chấp nhận",
        "Trả lại để bổ sung",
        None,
        None,
    ]
    assert sheet["J4"].value == "Thiếu số liệu"
    assert sheet["E3"].is_date and sheet["I4"].is_date
    assert f"{sheet['E3'].value:%d/%m/%Y %H:%M}" == "01/04/2026 09:15"
    assert (sheet["E6"].value, sheet["G6"].value) == (None, None)
