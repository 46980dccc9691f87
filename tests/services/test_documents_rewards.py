"""The reward list for the accountant: rows from a decision or a session's drafts, opened
with openpyxl — amounts are numbers, the total sums what is paid."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl import load_workbook  # type: ignore[import-untyped]

from bot.app import App
from bot.exports.rewards import reward_workbook
from bot.services.documents import RewardList, Subject, reward_rows
from bot.texts import Texts
from tests.services.documents_council_seed import (
    documents_app,  # noqa: F401 - the app fixture
    setting_of,
)
from tests.services.documents_cycle_seed import seed_cycle

GENERATED = datetime(2026, 12, 22, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


async def _rows(app: App, subject: Subject) -> RewardList:
    async with app.sessions() as session:
        return await reward_rows(session, subject, setting_of(app))


async def test_a_decisions_reward_list_pays_what_is_not_cancelled(app: App) -> None:
    cycle = await seed_cycle(app)
    found = await _rows(app, cycle.decision)
    assert [(r.name, r.amount, r.cancelled) for r in found.rows] == [
        ("Trần Thị Bình", 710_000, False),
        ("Hoàng Văn Lãnh", None, True),
    ]
    assert (found.total, found.year, found.missing) == (710_000, 2026, ())
    data = reward_workbook(found, Texts.load(), organisation="Sở TT&TT", generated=GENERATED)
    page = load_workbook(io.BytesIO(data)).active
    assert "Danh sách chi tiền thưởng 125/QĐ-STTTT" in page["A1"].value
    assert [c.value for c in page[2]] == [
        "STT",
        "Họ và tên / Tập thể",
        "Đơn vị",
        "Danh hiệu / hình thức",
        "Số quyết định",
        "Ngày ký",
        "Hệ số",
        "Mức lương cơ sở (đồng)",
        "Số tiền (đồng)",
        "Ký nhận",
    ]
    assert page["A2"].font.bold and page.freeze_panes == "C3"
    first = [c.value for c in page[3]]
    assert first[:5] == [
        1,
        "Trần Thị Bình",
        "Phòng Công nghệ thông tin",
        "Giấy khen của Giám đốc Sở",
        "125/QĐ-STTTT",
    ]
    assert first[5].date().isoformat() == "2026-12-20"
    assert first[6:] == [0.3, 2_340_000, 710_000, None]
    assert page["I3"].number_format == "#,##0"
    assert page["B4"].value == "Hoàng Văn Lãnh (đã hủy khen thưởng)" and page["I4"].value is None
    assert (page["B5"].value, page["I5"].value) == ("Tổng cộng", 710_000)


async def test_a_sessions_reward_list_is_its_drafts_without_number(app: App) -> None:
    cycle = await seed_cycle(app)
    found = await _rows(app, cycle.session)
    assert [(r.name, r.decision, r.amount) for r in found.rows] == [
        ("Nguyễn Văn An", "", 2_340_000),
        ("Trần Thị Bình", "", 710_000),
        ("Hoàng Văn Lãnh", "", 710_000),
    ]
    assert found.total == 3_760_000
    data = reward_workbook(found, Texts.load(), organisation="Sở", generated=GENERATED)
    page = load_workbook(io.BytesIO(data)).active
    assert page["E3"].value is None and page["F3"].value is None
    assert (page["B6"].value, page["I6"].value) == ("Tổng cộng", 3_760_000)
