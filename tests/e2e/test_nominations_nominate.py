"""Nominating on Telegram: a member, a person not registered and the unit; duplicates (as
soon as the award is chosen) and roles refused."""

from __future__ import annotations

import tomllib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.ports import Channel
from bot.roles import Role
from bot.services.common.views import MemberView
from tests.e2e.harness import (
    RunningBot,
    TgUser,
    running,
    telegram_settings,
)
from tests.e2e.test_plans import wait_text
from tests.factories import join_on_telegram
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import FakeTelegramApi

SHIPPED = tomllib.loads((Path(__file__).parents[2] / "config.toml").read_text("utf-8"))


@pytest.fixture
async def bot(
    fake: FakeTelegramApi, database_url: str, clock: FakeClock
) -> AsyncIterator[RunningBot]:
    """The bot with the award catalogue shipped in config.toml."""
    settings = telegram_settings(
        database_url,
        fake,
        awards=SHIPPED["awards"],
        authorities=SHIPPED["authorities"],
        councils=SHIPPED["councils"],
    )
    async with running(settings, clock) as bot:
        yield bot


SUMMARY = "Hoàn thành xuất sắc nhiệm vụ năm 2026, dẫn đầu phong trào chuyển đổi số."


async def nominate(head: TgUser, kind: str, award: str, typed_or_pick: str | None) -> str:
    """Run /decu for an annual award up to the confirmation; return the bot's last answer."""
    await head.send("/decu")
    await head.tap("hằng năm")
    await head.tap("năm 2026")
    await head.tap(kind)
    if typed_or_pick is not None:
        if kind == "chưa tham gia bot":
            await head.send(typed_or_pick)
        else:
            await head.tap(typed_or_pick)
    await head.tap(award)
    await head.send(SUMMARY)
    await head.tap("Tiếp tục")
    await head.tap("Xem lại và nộp")
    return await head.tap("Xác nhận")


async def test_a_unit_head_nominates_a_member_a_person_and_the_unit(
    bot: RunningBot, fake: FakeTelegramApi
) -> None:
    head = TgUser(fake, 5001, "Trưởng")
    staff = TgUser(fake, 5002, "An")
    await join_on_telegram(bot, head, Role.UNIT_HEAD, "Phạm Văn Trưởng")
    await join_on_telegram(bot, staff, Role.STAFF, "Nguyễn Văn An")
    await wait_text(fake, head, "Thành viên mới")  # the outbox tells the head first
    assert "không được dùng" in await staff.send("/decu")
    first = await nominate(head, "cán bộ của đơn vị", "Giấy khen", "Nguyễn Văn An")
    assert "DC-2026-0001" in first and "Nguyễn Văn An" in first
    second = await nominate(head, "chưa tham gia bot", "Bằng khen của Chủ tịch", "Bùi Thị Hoa")
    assert "DC-2026-0002" in second and "Bùi Thị Hoa" in second
    third = await nominate(head, "Tập thể đơn vị", "Giấy khen", None)
    assert "DC-2026-0003" in third and "Phòng Công nghệ thông tin" in third
    await head.send("/decu")
    await head.tap("hằng năm")
    await head.tap("năm 2026")
    await head.tap("cán bộ của đơn vị")
    await head.tap("Nguyễn Văn An")
    again = await head.tap("Giấy khen")  # refused here, before the summary is typed
    assert "đã có hồ sơ đề nghị «Giấy khen của Giám đốc Sở»" in again
    assert "DC-2026-0001 (Đã nộp)" in again
    assert "Chọn danh hiệu thi đua hoặc hình thức khen thưởng" in again
    await head.send("/huy")
    page = await bot.core.services.nominations.mine(await _member(bot, head), page=0, size=10)
    assert page.total == 3


async def _member(bot: RunningBot, user: TgUser) -> MemberView:
    found = await bot.core.services.members.find(Channel.TELEGRAM, str(user.user_id))
    assert found is not None
    return found
