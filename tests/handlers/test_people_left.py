"""A member who left writes to the bot: they are told their account was closed, the day and the
reason, and whom to ask; nothing else happens, whatever they send (docs/organisation.md)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from bot.app import App
from bot.domain import LeaveReason
from bot.ports import Channel, ChatKind, Incoming
from bot.roles import Role
from models import Member
from tests.factories import invite_token, join
from tests.fakes.people import Person

CLOSED = "đã được đóng vì đồng chí đã nghỉ công tác"


async def leave(app: App, name: str, why: LeaveReason, day: date) -> None:
    async with app.sessions() as session:
        member_id = await session.scalar(select(Member.id).where(Member.full_name == name))
    assert member_id is not None
    await app.services.member_changes.leave(None, member_id, why, day)


async def members(app: App) -> int:
    async with app.sessions() as session:
        return int(await session.scalar(select(func.count(Member.id))) or 0)


async def test_a_member_who_left_is_told_why_and_whom_to_ask_whatever_they_send(
    app: App,
) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await an.send("/start")  # the menu, and the account in the turn cache
    button = an.last.flat_buttons()[0].data
    await leave(app, "Nguyễn Văn An", LeaveReason.RETIRED, date(2026, 3, 1))
    for sent in ("xin chào", "/sangkien", "/trogiup", button):  # the last is a button of before
        await (an.press(sent) if sent == button else an.send(sent))
        assert CLOSED in an.text, an.text
        assert "Nguyễn Văn An" in an.text
        assert "(nghỉ hưu) từ ngày 01/03/2026" in an.text
        assert "liên hệ Văn phòng Sở" in an.text
        assert "Để tham gia" not in an.text  # not the stranger's reply
        assert an.last.flat_buttons() == []


async def test_an_invite_does_not_let_a_member_who_left_join_again_silently(app: App) -> None:
    await join(app, "binh", "CNTT", Role.STAFF, "Trần Thị Bình")
    await leave(app, "Trần Thị Bình", LeaveReason.TRANSFERRED, date(2026, 2, 15))
    before = await members(app)
    token = await invite_token(app, "VP", Role.OFFICE)
    binh = Person(app.router, "binh")
    await binh.send(f"/start {token}")
    assert CLOSED in binh.text and "(chuyển công tác) từ ngày 15/02/2026" in binh.text
    await binh.send(f"thamgia {token}")
    assert CLOSED in binh.text
    # Nothing was registered and the invite was not used: someone else may still join with it.
    assert await members(app) == before
    assert (await app.services.invites.check(token)).role is Role.OFFICE
    chi = Person(app.router, "chi")
    await chi.send(f"/start {token}")
    assert "Lời mời hợp lệ" in chi.text


async def test_a_stranger_still_gets_the_way_to_join(app: App) -> None:
    await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await leave(app, "Nguyễn Văn An", LeaveReason.RESIGNED, date(2026, 3, 2))
    stranger = Person(app.router, "la")
    await stranger.send("xin chào")
    assert "Để tham gia" in stranger.text and CLOSED not in stranger.text


async def test_a_dialog_left_open_is_not_shown_again_to_a_member_who_left(app: App) -> None:
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await an.send("/sangkien")  # a dialog open when the Office records the leaving
    incoming = Incoming(
        channel=Channel.CONSOLE,
        chat_id="an",
        user_id="an",
        update_key=None,
        display_name="an",
        chat_kind=ChatKind.PRIVATE,
        text=None,
    )
    assert await app.router.current_step(incoming) is not None
    await leave(app, "Nguyễn Văn An", LeaveReason.RETIRED, date(2026, 3, 1))
    assert await app.router.current_step(incoming) is None  # as the console does on restart
    await an.send("Tên sáng kiến mới")
    assert CLOSED in an.text
