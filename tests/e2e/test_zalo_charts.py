"""The leaderboard on Zalo: a photo by a short-lived URL when public, else a text table;
"Vì sao?" pick lists answered by number and paged by typing "trang 2"."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest

from bot.ports import Channel
from bot.roles import Role
from models import ScoreEvent
from tests.e2e.test_zalo_journeys import assert_plain_and_short, joined
from tests.e2e.zalo_harness import ZaloBot, ZaloUser, free_port, zalo_settings
from tests.fakes.clock import FakeClock
from tests.fakes.fake_zalo_api import FakeZaloApi
from tests.services.broadcasts_seed import add_unit

PNG = b"\x89PNG\r\n\x1a\n"
UNITS = ("Phòng Công nghệ thông tin", "Văn phòng Sở")
Running = Callable[..., AbstractAsyncContextManager[ZaloBot]]


@pytest.fixture
def running(fake_zalo: FakeZaloApi, database_url: str, clock: FakeClock) -> Running:
    """Start the bot on Zalo with extra Zalo settings for the length of a ``with`` block."""

    @asynccontextmanager
    async def run(**zalo: Any) -> AsyncIterator[ZaloBot]:
        bot = ZaloBot(zalo_settings(database_url, fake_zalo, **zalo), clock)
        await bot.start()
        try:
            yield bot
        finally:
            await bot.stop()

    return run


async def scored_member(bot: ZaloBot, fake: FakeZaloApi) -> ZaloUser:
    """A member of CNTT whose recognised initiative gives the unit 10 points."""
    user = await joined(bot, fake)
    member = await bot.core.services.members.find(Channel.ZALO, user.user_id)
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
    return user


async def test_with_a_public_address_the_chart_is_a_photo_at_an_unguessable_url(
    running: Running, fake_zalo: FakeZaloApi
) -> None:
    port = free_port()
    async with running(public_base_url=f"http://127.0.0.1:{port}", http_port=port) as bot:
        user = await scored_member(bot, fake_zalo)
        shown = await user.send("bangxephang", replies=2)
        [photo] = [m for m in user.messages()[-2:] if m.method == "sendPhoto"]
        assert photo.photo_bytes is not None and photo.photo_bytes.startswith(PNG)
        assert photo.caption == "Bảng xếp hạng đơn vị · Năm 2026"
        assert "1. Phòng Công nghệ thông tin — 10 điểm" in shown
        url = photo.photo_url or ""
        found = re.fullmatch(rf"http://127\.0\.0\.1:{port}/media/([A-Za-z0-9_-]+)\.png", url)
        assert found is not None, url
        assert len(found[1]) >= 24
        async with aiohttp.ClientSession() as http:
            async with http.get(url) as response:
                assert response.status == 200
                assert await response.read() == photo.photo_bytes
            guessed = url.replace(found[1], found[1][:-1] + ("A" if found[1][-1] != "A" else "B"))
            async with http.get(guessed) as response:
                assert response.status == 404
        await user.send("bangxephang", replies=2)
        urls = [m.photo_url for m in user.messages() if m.method == "sendPhoto"]
        assert len(set(urls)) == 2  # a new token for every chart
        assert_plain_and_short(user)


async def test_without_a_public_address_the_chart_is_a_text_table(
    running: Running, fake_zalo: FakeZaloApi
) -> None:
    async with running() as bot:
        user = await scored_member(bot, fake_zalo)
        table = await user.send("bangxephang")
        assert all(m.method == "sendMessage" for m in fake_zalo.sent)
        for unit in UNITS:
            assert unit in table
        assert "1. Phòng Công nghệ thông tin — 10 điểm" in table
        assert "Đơn vị của đồng chí (Phòng Công nghệ thông tin) đứng thứ 1/3" in table
        assert_plain_and_short(user)


def number_of(shown: str, label: str) -> str:
    """The number Zalo shows before the choice ``label``."""
    found = re.search(rf"^(\d+)\. [^\n]*{re.escape(label)}", shown, re.M)
    assert found is not None, shown
    return found[1]


async def test_on_zalo_the_office_pages_the_why_list_by_number_and_by_typing_trang(
    running: Running, fake_zalo: FakeZaloApi
) -> None:
    async with running() as bot:
        await scored_member(bot, fake_zalo)
        for n in range(1, 11):
            await add_unit(bot.core, f"TT{n:02d}", f"Trung tâm số {n:02d}")
        invite = await bot.core.services.invites.create(
            None, unit_code="VP", role=Role.OFFICE, uses=1, days=7
        )
        office = ZaloUser(fake_zalo, "zo1")
        await office.send(f"thamgia {invite.token}")
        await office.send("Phạm Văn Phòng")
        await office.send("Chánh Văn phòng")
        await office.send("1", replies=2)  # the welcome, then the rest of the long menu
        board = await office.send("bangxephang")
        mine = await office.send(number_of(board, "Vì sao?"))
        units = await office.send(number_of(mine, "Chọn đơn vị"))
        assert "trang 1/2" in units
        assert "Phòng Công nghệ thông tin · 10 điểm" in units
        later = await office.send("trang 2")
        assert "trang 2/2" in later and "Trung tâm số 10 · 0 điểm" in later
        back = await office.send(number_of(later, "Trước"))
        why = await office.send(number_of(back, "Phòng Công nghệ thông tin"))
        assert "Vì sao Phòng Công nghệ thông tin có 10 điểm?" in why
        assert "Sáng kiến được công nhận · Nguyễn Thị Lan: 10 điểm" in why
        assert_plain_and_short(office)
