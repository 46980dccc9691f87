"""Journeys on the Zalo Official Account through the fake OA platform: real HTTP both ways,
signed webhook events, the real database."""

from __future__ import annotations

import re

from sqlalchemy import select

from bot.ports import Channel
from bot.roles import Role
from models import Attachment, Initiative
from tests.e2e.test_zalo_journeys import CONTENT, PNG, TAG
from tests.e2e.zalo_oa_harness import OaBot, OaUser
from tests.factories import make_admin
from tests.fakes.fake_zalo_oa import FakeZaloOa


async def joined(bot: OaBot, fake: FakeZaloOa, user_id: str = "oa-u1") -> OaUser:
    """A follower of the OA joins CNTT as staff with an invite, by numbered choices."""
    invite = await bot.core.services.invites.create(
        None, unit_code="CNTT", role=Role.STAFF, uses=1, days=7
    )
    user = OaUser(fake, user_id)
    assert "thamgia" in await user.push(fake.events.follow(user_id, fake.stamp()))
    assert "Bước 1/3" in await user.send(f"thamgia {invite.token}")
    await user.send("Nguyễn Thị Lan")
    await user.send("Chuyên viên")
    assert "Trả lời" in user.text
    assert "Đăng ký thành công" in await user.send("1")
    return user


def assert_plain_and_short(user: OaUser) -> None:
    """The OA shows text as typed: every message fits 2,000 characters and has no HTML."""
    for message in user.messages():
        if message.kind != "text":
            continue
        assert 1 <= len(message.text) <= 2000, message.text[:80]
        assert TAG.search(message.text) is None
        assert "&lt;" not in message.text and "&amp;" not in message.text


async def test_a_follower_is_welcomed_with_how_to_join(oa_bot: OaBot, fake_oa: FakeZaloOa) -> None:
    user = OaUser(fake_oa, "oa-new")
    welcome = await user.push(fake_oa.events.follow("oa-new", fake_oa.stamp()))
    assert "thamgia <mã mời>" in welcome
    await oa_bot.settled()
    assert oa_bot.interactions.of("inbound", "oa-new")  # the follow opened the window
    assert oa_bot.interactions.of("sent", "oa-new") == [1]


async def test_join_with_thamgia_and_read_and_confirm_the_plan_by_number(
    oa_bot: OaBot, fake_oa: FakeZaloOa
) -> None:
    user = await joined(oa_bot, fake_oa)
    member = await oa_bot.core.services.members.find(Channel.ZALO_OA, user.user_id)
    assert member is not None and member.full_name == "Nguyễn Thị Lan"
    contents = await user.send("kế hoạch")
    assert "Mục lục" in contents and "2. I. MỤC ĐÍCH, YÊU CẦU" in contents
    assert re.search(r"Phần 2/4 · trang 2/\d+\n\nI\. MỤC ĐÍCH, YÊU CẦU", await user.send("2"))
    assert "Đồng chí chưa xác nhận" in await user.send("/kehoach")
    thanks = await user.send("toi da doc va cam ket thuc hien")
    assert "Cảm ơn đồng chí! Đã ghi nhận" in thanks
    cntt = [u for u in await oa_bot.core.services.plan_coverage.coverage_all() if u.code == "CNTT"]
    assert [(u.confirmed, u.members) for u in cntt] == [(1, 1)]
    assert_plain_and_short(user)


async def test_propose_an_initiative_with_an_image(oa_bot: OaBot, fake_oa: FakeZaloOa) -> None:
    user = await joined(oa_bot, fake_oa)
    assert "(1/14)" in await user.send("/sangkien")
    for answer in CONTENT:
        await user.send(answer)
    assert "➡️ Tiếp tục" in user.text
    assert "Tệp đính kèm" in await user.send("tiep tuc")
    assert "Gửi tệp" in await user.send("1")
    url = fake_oa.host_file(PNG)
    event = fake_oa.events.user_send_image(user.user_id, url, fake_oa.stamp())
    assert "• anh.jpg" in await user.push(event)
    assert "Xem lại sáng kiến" in await user.send("Xem lại và nộp")
    assert "Đã nộp sáng kiến SK-2026-0001" in await user.send("Nộp sáng kiến")
    async with oa_bot.core.sessions() as session:
        item = (await session.scalars(select(Initiative))).one()
        files = (await session.scalars(select(Attachment))).all()
    assert item.title == CONTENT[0] and item.field == "Chuyển đổi số"
    assert [(f.channel, f.name) for f in files] == [("zalo_oa", "anh.jpg")]
    assert_plain_and_short(user)


async def test_a_member_on_the_console_links_their_oa_account_with_lienket(
    oa_bot: OaBot, fake_oa: FakeZaloOa
) -> None:
    admin = await make_admin(oa_bot.core)
    await admin.send("/lienket")
    found = re.search(r"lienket (\d{6})", admin.text)
    assert found is not None, admin.text
    phone = OaUser(fake_oa, "oa-admin")
    await phone.push(fake_oa.events.follow("oa-admin", fake_oa.stamp()))
    assert "Trần Văn Quản" in await phone.send(f"lienket {found[1]}")
    member = await oa_bot.core.services.members.find(Channel.ZALO_OA, "oa-admin")
    assert member is not None and member.full_name == "Trần Văn Quản"
    await oa_bot.settled()  # the linked member's menu came in several pieces
    phone.seen = len(phone.messages())
    assert "Chào mừng đồng chí quay lại" in await phone.push(
        fake_oa.events.follow("oa-admin", fake_oa.stamp() + 1)
    )
