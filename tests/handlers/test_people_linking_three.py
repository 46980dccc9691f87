"""``/lienket`` with three doors: Telegram, the Zalo Bot Platform and the Zalo OA."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from bot.ports import Channel
from bot.roles import Role
from models import Member
from tests.factories import join
from tests.fakes.people import Person
from tests.handlers.test_people_linking import PLAN, code_of, notices

TG, ZL, OA = Channel.TELEGRAM, Channel.ZALO, Channel.ZALO_OA


async def test_a_member_links_three_channels_and_chooses_any(app: App) -> None:
    tg = await join(app, "t1", "CNTT", Role.STAFF, "Nguyễn Văn An", channel=TG)
    zl = Person(app.router, "z1", channel=ZL)
    await zl.send(f"lienket {await code_of(tg)}")
    oa = Person(app.router, "o1", channel=OA)
    await oa.send(f"lienket {await code_of(zl)}")
    assert "Đã liên kết tài khoản Zalo OA" in oa.text
    assert "mọi ứng dụng đã liên kết" in oa.text and "cả hai" not in oa.text

    await oa.send("/lienket")
    assert "Đã liên kết: Telegram, Zalo OA, Zalo" in oa.text
    assert "Telegram, Zalo hoặc Zalo OA" in oa.text  # not "the other one"
    labels = [button.label for row in oa.last.buttons for button in row]
    assert labels == [
        "Nhận thông báo qua Telegram",
        "Nhận thông báo qua Zalo OA",
        "Nhận thông báo qua Zalo",
    ]
    await oa.tap("qua Zalo OA")
    assert "Từ nay đồng chí nhận thông báo qua Zalo OA" in oa.text
    async with app.sessions() as session:
        assert await session.scalar(select(Member.preferred_channel)) == "zalo_oa"
    before = len(await notices(app))
    await app.services.plans.publish(None, PLAN, "ke-hoach.md")
    mine = [
        (ch, chat) for ch, chat, _ in (await notices(app))[before:] if chat in ("t1", "z1", "o1")
    ]
    assert mine == [("zalo_oa", "o1")]  # one copy, on the chosen door
