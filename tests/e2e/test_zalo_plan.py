"""The Zalo Bot Platform as the operator's plan allows, through the fake Zalo server: titles
bold and names literal, people beyond the plan's figure let in with the Office told, and a
webhook that is not HTTPS refused before Zalo is asked."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select

from bot.ports import Channel
from bot.roles import Role
from models import Delivery
from tests.e2e.zalo_harness import ZaloBot, ZaloUser, zalo_settings
from tests.fakes.clock import FakeClock
from tests.fakes.fake_zalo_api import FakeZaloApi
from tests.services.broadcasts_seed import add_member

HOSTILE = "Phó *phòng* _A_ <b>sếp</b> & {red}đỏ{/red}"


async def register(
    bot: ZaloBot, fake: FakeZaloApi, user_id: str, name: str, position: str = "Chuyên viên"
) -> ZaloUser:
    invite = await bot.core.services.invites.create(
        None, unit_code="CNTT", role=Role.STAFF, uses=1, days=7
    )
    user = ZaloUser(fake, user_id)
    await user.send(f"thamgia {invite.token}")
    await user.send(name)
    await user.send(position)
    assert "Đăng ký thành công" in await user.send("1")
    return user


@pytest.fixture
async def small_plan_bot(
    fake_zalo: FakeZaloApi, database_url: str, clock: FakeClock
) -> AsyncIterator[ZaloBot]:
    """The bot on a plan of 3 people per bot, warning at 60 % (and no pause between two
    messages to one chat, which the outbox measures on the fake clock)."""
    plan = {"users_per_bot": 3, "warn_ratio": 0.6, "per_chat_interval_seconds": 0}
    running = ZaloBot(zalo_settings(database_url, fake_zalo, outbox=plan), clock)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


async def test_titles_show_bold_and_a_name_shows_as_typed(
    zalo_bot: ZaloBot, fake_zalo: FakeZaloApi
) -> None:
    user = await register(zalo_bot, fake_zalo, "zf1", "Lê Văn An", HOSTILE)
    assert any(HOSTILE in (m.text or "") for m in user.messages())
    assert all(m.parse_mode == "html" for m in user.messages())
    assert not any(run == "sếp" for m in user.messages() for run in m.bold)
    help_text = await user.send("/trogiup")
    [shown] = [m for m in user.messages() if m.text == help_text]
    assert shown.bold  # the help's title, bold on screen
    assert "<" not in help_text.replace(HOSTILE, "")  # no markup shown as text


async def test_people_beyond_the_plan_are_let_in_and_the_office_is_told_once_each(
    small_plan_bot: ZaloBot, fake_zalo: FakeZaloApi
) -> None:
    bot = small_plan_bot
    zalo = ((Channel.ZALO, "zoffice", False),)
    await add_member(bot.core, "VP", "Trần Văn Quản", Role.OFFICE, accounts=zalo)
    office = ZaloUser(fake_zalo, "zoffice")

    await register(bot, fake_zalo, "zp1", "Người Một")  # 2 of 3: 60 %
    assert "Đã có 2/3 người dùng bot Zalo" in await office.wait()
    await register(bot, fake_zalo, "zp2", "Người Hai")  # 3 of 3
    reached = await office.wait()
    assert "Bot Zalo đã có 3 người dùng" in reached and "giới hạn 3 người" in reached
    late = await register(bot, fake_zalo, "zp3", "Người Ba")  # beyond: still let in
    await late.send("/trogiup")  # the registration's reply was counted before this one
    async with bot.core.sessions() as session:
        told = await session.scalar(
            select(func.count()).select_from(Delivery).where(Delivery.chat_id == "zoffice")
        )
    assert told == 2  # once each, not for every later person


async def test_a_webhook_url_that_is_not_https_stops_the_bot_before_zalo_is_asked(
    fake_zalo: FakeZaloApi, database_url: str, clock: FakeClock
) -> None:
    settings = zalo_settings(
        database_url,
        fake_zalo,
        mode="webhook",
        webhook_url="http://bot.example.vn/zalo",
        webhook_secret="s3cret-token",
    )
    bot = ZaloBot(settings, clock)
    with pytest.raises(ValueError, match="https://"):
        await bot.start()
    await bot.stop()
    assert fake_zalo.calls == [] and fake_zalo.webhook_url == ""
