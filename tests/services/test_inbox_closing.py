"""Before a reporting period closes: the heads of each unit that has not sent are told, days
before the deadline, once per period and unit, through the outbox."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.app import App, open_app
from bot.roles import Role
from bot.services.common import MemberView
from tests.conftest import make_settings
from tests.factories import make_member
from tests.fakes.clock import FakeClock
from tests.services.inbox_seed import move_to, sent

NAME = "Báo cáo quý 1/2026"


async def _closing(app: App, chat_id: str) -> list[tuple[str, bool, Any]]:
    """The closing notices sent to ``chat_id`` (not the reports' own notices)."""
    return [found for found in await sent(app, chat_id) if found[0].startswith("⏳")]


async def _people(app: App) -> dict[str, MemberView]:
    return {
        "vp": await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng"),
        "tp": await make_member(app, "tp", Role.UNIT_HEAD, name="Trần Trưởng Phòng"),
        "an": await make_member(app, "an", Role.STAFF, name="Nguyễn Văn An"),
        "vy": await make_member(app, "vy", Role.UNIT_HEAD, "VHTT-VY", name="Đỗ Văn Huyện"),
    }


async def test_heads_of_units_that_have_not_sent_are_told_once_days_before_the_deadline(
    app: App, clock: FakeClock
) -> None:
    people = await _people(app)
    reports, notices = app.services.reports, app.services.inbox_notices
    period = await reports.open_period(people["vp"], NAME, date(2026, 3, 10))
    await reports.submit(people["tp"], period.id, "Đã làm đủ việc.", "Kết quả tốt.")
    move_to(clock, 6, 23, 59)  # four days before
    assert await notices.tell_closing() == 0

    move_to(clock, 7, 0, 5)  # three days before (a Saturday: the outbox holds it till Monday)
    assert await notices.tell_closing() == 2
    [(text, quiet, buttons)] = await _closing(app, "vy")
    assert quiet and buttons == [["📥 Mở danh sách việc chờ xử lý"]]
    assert text == (
        "⏳ <b>Sắp đến hạn nộp</b> — Phòng Văn hóa và Thông tin thành phố Vĩnh Yên chưa gửi"
        f" báo cáo của kỳ:\n• <b>{NAME}</b>: hạn nộp hết ngày 10/03/2026 (còn 3 ngày)"
    )
    assert "báo cáo báo cáo" not in text.lower()
    # The Office's own unit has not sent either; its unit head sent, its staff are not heads.
    assert len(await _closing(app, "vp")) == 1
    assert await _closing(app, "tp") == [] and await _closing(app, "an") == []

    assert await notices.tell_closing() == 0
    move_to(clock, 9, 10)
    assert await notices.tell_closing() == 0
    restarted = await open_app(app.settings, clock=clock, run_migrations=False)
    try:
        assert await restarted.services.inbox_notices.tell_closing() == 0
    finally:
        await restarted.close()
    assert len(await _closing(app, "vy")) == 1


async def test_a_returned_report_is_not_sent_and_a_head_who_joins_later_is_told(
    app: App, clock: FakeClock
) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    head = await make_member(app, "tp", Role.UNIT_HEAD, name="Trần Trưởng Phòng")
    reports, notices = app.services.reports, app.services.inbox_notices
    period = await reports.open_period(office, NAME, date(2026, 3, 10))
    await reports.submit(office, period.id, "Văn phòng đã làm đủ việc.", "Kết quả tốt.")
    sent = await reports.submit(head, period.id, "Đã làm đủ việc.", "Kết quả tốt.")
    await app.services.report_review.return_(office, sent.id, "Thiếu số liệu", sent.version)

    move_to(clock, 9, 9)
    assert await notices.tell_closing() == 1  # the returned report must be sent again
    [(text, _, _)] = await _closing(app, "tp")
    assert text.startswith("⏳ <b>Sắp đến hạn nộp</b> — Phòng Công nghệ thông tin chưa gửi")
    assert "(còn 1 ngày)" in text

    # Nobody headed Vĩnh Yên's office, so nothing was marked told for it.
    await make_member(app, "vy", Role.UNIT_HEAD, "VHTT-VY", name="Đỗ Văn Huyện")
    move_to(clock, 10, 8)
    assert await notices.tell_closing() == 1
    [(text, _, _)] = await _closing(app, "vy")
    assert "(hôm nay là ngày cuối)" in text
    move_to(clock, 11, 8)  # the deadline has passed: closing soon no more
    await make_member(app, "vy2", Role.UNIT_HEAD, "VHTT-VY", name="Vũ Văn Mới")
    assert await notices.tell_closing() == 0


async def test_a_period_is_not_said_to_close_on_the_day_it_opened_and_a_later_deadline_rearms(
    app: App, clock: FakeClock
) -> None:
    people = await _people(app)
    reports, notices = app.services.reports, app.services.inbox_notices
    move_to(clock, 3, 9)
    period = await reports.open_period(people["vp"], NAME, date(2026, 3, 5))
    assert await notices.tell_closing() == 0  # its arrival is told instead
    move_to(clock, 4, 9, 1)
    assert await notices.tell_closing() == 3
    [(text, _, _)] = await _closing(app, "tp")
    assert "(còn 1 ngày)" in text

    await reports.edit_period(people["vp"], period.id, NAME, date(2026, 3, 20))
    move_to(clock, 17, 9)
    assert await notices.tell_closing() == 3
    assert "hạn nộp hết ngày 20/03/2026 (còn 3 ngày)" in (await _closing(app, "tp"))[-1][0]
    # Nothing was sent to it: it can still be deleted, its closing notices with it.
    await reports.delete_period(people["vp"], period.id)
    assert await notices.tell_closing() == 0


async def test_no_closing_notice_when_switched_off(database_url: str, clock: FakeClock) -> None:
    settings = make_settings(database_url, inbox={"closing_days": 0})
    app = await open_app(settings, clock=clock, run_migrations=False)
    try:
        people = await _people(app)
        await app.services.reports.open_period(people["vp"], NAME, date(2026, 3, 4))
        move_to(clock, 4, 9)
        assert await app.services.inbox_notices.tell_closing() == 0
        assert await _closing(app, "vy") == []
    finally:
        await app.close()
