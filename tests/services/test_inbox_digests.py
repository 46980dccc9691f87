"""The digest of what still waits: on each role's schedule, once per slot, only to people for
whom something waits, on working days, through the outbox."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from bot.app import App, open_app
from bot.roles import Role
from bot.services.common import MemberView
from bot.services.initiatives import Action
from models import AuditEntry
from tests.factories import make_member, make_proposal
from tests.fakes.clock import FakeClock
from tests.services.inbox_seed import ZONE, move_to, sent

OPEN_INBOX = "📥 Mở danh sách việc chờ xử lý"


async def _digests(app: App, chat_id: str) -> list[str]:
    """The digests sent to ``chat_id`` (not the notices of the workflows)."""
    return [text for text, _, _ in await sent(app, chat_id) if text.startswith("📬")]


async def _confirm_plan(app: App, *members: MemberView) -> None:
    plan = await app.services.plans.current()
    for member in members:
        await app.services.plans.confirm(member, plan.version)


async def test_the_office_gets_one_digest_a_working_day_of_what_still_waits(
    app: App, clock: FakeClock
) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    author = await make_member(app, "an", Role.STAFF, name="Nguyễn Văn An")
    await _confirm_plan(app, office, author)
    notices = app.services.inbox_notices
    assert await notices.send_digests() == 0  # Monday 09:00: the first slot is tomorrow's
    first = await app.services.initiatives.submit(author, make_proposal())
    move_to(clock, 3, 9)
    second = await app.services.initiatives.submit(author, make_proposal(title="Ký số hồ sơ"))
    move_to(clock, 4, 8, 1)  # Wednesday, a minute after the Office's slot

    assert await notices.send_digests() == 1
    [(text, quiet, buttons)] = await sent(app, "vp")
    assert quiet and buttons == [[OPEN_INBOX]]
    assert text.splitlines() == [
        "📬 <b>Việc còn chờ đồng chí xử lý: 2</b>",
        "• Tiếp nhận sáng kiến: <b>2</b> · lâu nhất đã chờ 1 ngày",
        "Cũ nhất:",
        f"• Tiếp nhận sáng kiến — <b>{first.code}</b>: Số hóa hồ sơ thi đua · chờ 1 ngày",
        f"• Tiếp nhận sáng kiến — <b>{second.code}</b>: Ký số hồ sơ · hôm nay",
    ]
    assert await sent(app, "an") == []  # staff have no digest

    assert await notices.send_digests() == 0  # the same slot again
    move_to(clock, 4, 20)
    assert await notices.send_digests() == 0
    restarted = await open_app(app.settings, clock=clock, run_migrations=False)
    try:
        assert await restarted.services.inbox_notices.send_digests() == 0
    finally:
        await restarted.close()
    assert len(await sent(app, "vp")) == 1

    await app.services.reviews.act(office, first.id, Action.RECEIVE)
    move_to(clock, 5, 8)
    assert await notices.send_digests() == 1
    latest = (await sent(app, "vp"))[-1][0]
    assert (
        "• Chuyển sáng kiến tới Hội đồng sáng kiến: <b>1</b> · lâu nhất chưa đầy một ngày"
        in latest
    )
    assert "• Tiếp nhận sáng kiến: <b>1</b> · lâu nhất đã chờ 1 ngày" in latest


async def test_nothing_is_sent_when_nothing_waits_nor_on_a_day_off(
    app: App, clock: FakeClock
) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    author = await make_member(app, "an", Role.STAFF, name="Nguyễn Văn An")
    await _confirm_plan(app, office, author)
    notices = app.services.inbox_notices
    await notices.send_digests()
    move_to(clock, 3, 8)
    assert await notices.send_digests() == 0
    assert await sent(app, "vp") == []

    await app.services.initiatives.submit(author, make_proposal())
    move_to(clock, 7, 8)  # Saturday
    assert await notices.send_digests() == 0
    move_to(clock, 8, 8)  # Sunday
    assert await notices.send_digests() == 0
    assert await sent(app, "vp") == []
    move_to(clock, 9, 8)  # Monday
    assert await notices.send_digests() == 1


async def test_a_slot_missed_while_down_is_sent_within_the_grace_and_skipped_after_it(
    app: App, clock: FakeClock
) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    author = await make_member(app, "an", Role.STAFF, name="Nguyễn Văn An")
    await _confirm_plan(app, office, author)
    notices = app.services.inbox_notices
    await notices.send_digests()
    await app.services.initiatives.submit(author, make_proposal())

    move_to(clock, 3, 13)  # five hours late: within the six hours of grace
    assert await notices.send_digests() == 1
    move_to(clock, 5, 15)  # Wednesday's and Thursday's slots missed; Thursday's by seven hours
    assert await notices.send_digests() == 0
    assert len(await sent(app, "vp")) == 1
    async with app.sessions() as session:
        missed = (
            await session.scalars(
                select(AuditEntry).where(AuditEntry.action == "inbox.digest_missed")
            )
        ).all()
    due = {"due": datetime(2026, 3, 5, 8, tzinfo=ZONE).isoformat()}
    # Both roles with a daily digest skip Thursday's slot; Wednesday's is not sent either.
    assert sorted((entry.entity_id, entry.after) for entry in missed) == [
        ("admin", due),
        ("office", due),
    ]
    move_to(clock, 6, 8)
    assert await notices.send_digests() == 1


async def test_unit_heads_get_theirs_on_mondays_and_a_long_digest_counts_every_task(
    app: App, clock: FakeClock
) -> None:
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    head = await make_member(app, "tp", Role.UNIT_HEAD, name="Trần Trưởng Phòng")
    other = await make_member(app, "tp2", Role.UNIT_HEAD, "VHTT-VY", name="Đỗ Văn Huyện")
    author = await make_member(app, "an", Role.STAFF, name="Nguyễn Văn An")
    staff = await make_member(app, "binh", Role.STAFF, name="Trần Thị Bình")
    await _confirm_plan(app, office, head, other, author, staff)
    notices = app.services.inbox_notices
    await notices.send_digests()
    name = "Báo cáo quý 1/2026"
    period = await app.services.reports.open_period(office, name, date(2026, 3, 31))
    clock.advance(minutes=1)
    await app.services.reports.submit(head, period.id, "Đã làm đủ việc.", "Kết quả tốt.")
    for day in (3, 4):
        move_to(clock, day, 9)
        for title in ("Số hóa hồ sơ", "Ký số văn bản", "Họp không giấy"):
            await app.services.initiatives.submit(author, make_proposal(title=title))
    item = await app.services.initiatives.submit(head, make_proposal(title="Một cửa số"))
    await app.services.reviews.act(office, item.id, Action.RETURN, reason="Thiếu minh chứng")
    own = await app.services.initiatives.submit(staff, make_proposal(title="Lưu trữ số"))
    await app.services.reviews.act(office, own.id, Action.RETURN, reason="Thiếu minh chứng")

    move_to(clock, 5, 8)  # Thursday: the Office's slot, not the unit heads'
    assert await notices.send_digests() == 1
    assert await _digests(app, "tp") == []
    [(text, _, _)] = await sent(app, "vp")
    lines = text.splitlines()
    assert lines[:4] == [
        "📬 <b>Việc còn chờ đồng chí xử lý: 8</b>",
        "• Tiếp nhận sáng kiến: <b>6</b> · lâu nhất đã chờ 1 ngày",
        "• Tiếp nhận báo cáo của đơn vị: <b>1</b> · lâu nhất đã chờ 2 ngày",
        "• Gửi báo cáo của đơn vị: <b>1</b> · lâu nhất đã chờ 2 ngày",
    ]
    assert lines[4] == "Cũ nhất:" and len(lines[5:]) == 5
    assert lines[5] == f"• Gửi báo cáo của đơn vị — <b>{name}</b> · chờ 2 ngày"
    assert lines[6] == (
        f"• Tiếp nhận báo cáo của đơn vị — <b>{name}</b>: Phòng Công nghệ thông tin · chờ 2 ngày"
    )
    assert "báo cáo báo cáo" not in text.lower()

    move_to(clock, 9, 8, 5)  # Monday
    await notices.send_digests()
    [text] = await _digests(app, "tp")
    assert "• Bổ sung sáng kiến bị trả lại: <b>1</b>" in text
    assert f"Bổ sung sáng kiến bị trả lại — <b>{item.code}</b>" in text
    [text] = await _digests(app, "tp2")
    assert f"• Gửi báo cáo của đơn vị — <b>{name}</b> · chờ 6 ngày" in text
    assert "báo cáo báo cáo" not in text.lower()
    assert await _digests(app, "binh") == []  # staff: off by default, though work waits
