"""Documents on Zalo, which carries no files: with a public address the document is a
short-lived link whose download opens in Word; without one, a text says where to get it."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import aiohttp
import pytest

from bot.ports import Channel
from bot.roles import Role
from tests.conftest import make_settings
from tests.e2e.zalo_harness import ZaloBot, ZaloUser, free_port
from tests.factories import make_member
from tests.fakes.clock import FakeClock
from tests.fakes.fake_zalo_api import TOKEN, FakeZaloApi
from tests.services.documents_seed import DOCUMENTS, SESSION_CODE, docx_text, seed
from tests.services.nominations_seed import AWARDS

Running = Callable[..., AbstractAsyncContextManager[ZaloBot]]


@pytest.fixture
def running(fake_zalo: FakeZaloApi, database_url: str, clock: FakeClock) -> Running:
    """The bot on Zalo, seeded, with the Office's member on Zalo (user ``zvp``)."""

    @asynccontextmanager
    async def run(**zalo: Any) -> AsyncIterator[ZaloBot]:
        section = {"token": TOKEN, "base_url": fake_zalo.base_url, "poll_timeout_seconds": 1}
        settings = make_settings(
            database_url,
            zalo={**section, "http_port": 0, **zalo},
            awards=AWARDS,
            documents=DOCUMENTS,
        )
        bot = ZaloBot(settings, clock)
        await bot.start()
        try:
            await seed(bot.core)
            await make_member(
                bot.core, "zvp", Role.OFFICE, "VP", name="Lê Thị Phòng", channel=Channel.ZALO
            )
            yield bot
        finally:
            await bot.stop()

    return run


async def test_with_a_public_address_the_document_is_a_link_that_opens(
    running: Running, fake_zalo: FakeZaloApi
) -> None:
    port = free_port()
    async with running(public_base_url=f"http://127.0.0.1:{port}", http_port=port):
        user = ZaloUser(fake_zalo, "zvp")
        offer = await user.send(f"vanban {SESSION_CODE}")
        assert "1. Biên bản họp Hội đồng" in offer
        sent = await user.send("1")
        found = re.search(rf"http://127\.0\.0\.1:{port}/\S+", sent)
        assert found is not None, sent
        assert f"Bien-ban-hop-Hoi-dong-{SESSION_CODE}.docx" in sent
        async with aiohttp.ClientSession() as http, http.get(found[0]) as response:
            assert response.status == 200
            content = await response.read()
        assert "Phiên họp xét khen thưởng năm 2026" in docx_text(content)


async def test_without_one_the_text_says_where_to_get_the_file(
    running: Running, fake_zalo: FakeZaloApi
) -> None:
    async with running():
        user = ZaloUser(fake_zalo, "zvp")
        await user.send(f"vanban {SESSION_CODE}")
        sent = await user.send("1")
        assert "Telegram" in sent
        assert "python -m bot documents" in sent
