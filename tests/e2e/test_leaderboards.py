"""The leaderboard on Telegram: a member gets the chart and the list; a group gets the chart."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.ports import Channel
from bot.roles import Role
from models import ScoreEvent
from tests.e2e.harness import RunningBot, TgUser
from tests.factories import join_on_telegram
from tests.fakes.telegram import FakeTelegramApi

PNG = b"\x89PNG\r\n\x1a\n"
GROUP = -100777


async def test_member_and_group_see_the_board_as_a_photo(
    bot: RunningBot, fake: FakeTelegramApi
) -> None:
    lan = TgUser(fake, 5001, "Lan")
    await join_on_telegram(bot, lan, Role.STAFF, "Nguyễn Thị Lan")
    member = await bot.core.services.members.find(Channel.TELEGRAM, "5001")
    assert member is not None
    async with bot.core.sessions.begin() as session:
        session.add(
            ScoreEvent(
                kind="initiative_recognized",
                member_id=member.id,
                unit_id=member.unit.id,
                share=100,
                entity="initiative",
                entity_id=1,
                at=datetime(2026, 3, 1, tzinfo=UTC),
            )
        )

    caption = await lan.send("/bangxephang", replies=2)
    text, photo = fake.messages_to(5001)[-2:]
    assert text.method == "sendMessage" and photo.method == "sendPhoto"
    assert "1. Phòng Công nghệ thông tin — 10 điểm" in (text.plain_text or "")
    assert "Đơn vị của đồng chí (Phòng Công nghệ thông tin) đứng thứ 1/3" in (
        text.plain_text or ""
    )
    assert photo.file_content is not None and photo.file_content.startswith(PNG)
    assert caption == "Bảng xếp hạng đơn vị · Năm 2026"
    assert "🏅 Cá nhân" in [label for row in fake.buttons(5001) for label, _ in row]

    fake.push_message(5001, "/bangxephang@thidua_vp_bot", chat_id=GROUP, chat_type="group")
    await fake.wait_sent(GROUP, 1)
    [chart] = fake.messages_to(GROUP)
    assert chart.method == "sendPhoto"
    assert chart.file_content is not None and chart.file_content.startswith(PNG)
    assert "1. Phòng Công nghệ thông tin — 10" in (chart.plain_text or "")

    fake.push_message(5001, "/sangkien", chat_id=GROUP, chat_type="group")
    await fake.wait_sent(GROUP, 2)
    assert "tin nhắn riêng" in (fake.messages_to(GROUP)[-1].plain_text or "")
