"""The workbook of people a broadcast did not reach."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl import load_workbook  # type: ignore[import-untyped]

from bot.exports import deliveries
from bot.services.broadcasts.delivery_counts import Undelivered
from bot.texts import Texts
from models import DeliveryStatus


def test_rows_follow_the_chat_order_and_stay_text() -> None:
    texts = Texts.load()
    rows = [
        Undelivered("Nguyễn Văn Cán", "Phòng CNTT", DeliveryStatus.FAILED, "Timed out"),
        Undelivered("=HYPERLINK(1)", "Phòng CNTT", DeliveryStatus.BLOCKED, "not sent: blocked"),
        Undelivered("Phạm Văn Vĩnh", "Thanh tra", DeliveryStatus.UNREACHABLE, "not sent"),
    ]
    title = deliveries.title_line(
        texts, "Sở TT&TT", 7, datetime(2026, 3, 2, 9, 5, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    )
    content = deliveries.workbook(rows, texts, title)
    sheet = load_workbook(io.BytesIO(content)).active
    assert (
        sheet["A1"].value
        == "Sở TT&TT — Danh sách chưa nhận thông báo #7 · lập lúc 09:05 02/03/2026"
    )
    assert sheet.title == "Chưa nhận"
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=2)] == [
        ["STT", "Họ và tên", "Đơn vị", "Lý do", "Chi tiết lỗi"],
        [1, "=HYPERLINK(1)", "Phòng CNTT", "Đã chặn bot", None],
        [2, "Phạm Văn Vĩnh", "Thanh tra", "Chưa bắt đầu dùng bot", None],
        [3, "Nguyễn Văn Cán", "Phòng CNTT", "Gửi lỗi", "Timed out"],
    ]
    assert sheet["B3"].data_type == "s"  # a typed name is never a formula
    assert sheet.freeze_panes == "C3"
    assert deliveries.file_name(7) == "chua-nhan-thong-bao-7.xlsx"
