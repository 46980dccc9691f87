"""Zalo webhook mode: setWebhook at start, the secret header, both body shapes, redeliveries."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.channels.webhook import secret_segment
from tests.e2e.zalo_harness import ZaloBot, ZaloUser, free_port, zalo_settings
from tests.fakes.clock import FakeClock
from tests.fakes.fake_zalo_api import FakeZaloApi

PUBLIC_URL = "https://bot.example.vn/zalo"
SECRET = "s3cret-token"
SEGMENT = secret_segment(SECRET)
GREETING = "Xin chào! Đây là Thi đua bot"


@pytest.fixture
async def webhook_bot(
    fake_zalo: FakeZaloApi, database_url: str, clock: FakeClock
) -> AsyncIterator[tuple[ZaloBot, str]]:
    """The bot in webhook mode and the local URL its webhook listens on."""
    port = free_port()
    settings = zalo_settings(
        database_url,
        fake_zalo,
        mode="webhook",
        webhook_url=PUBLIC_URL,
        webhook_secret=SECRET,
        http_port=port,
    )
    running = ZaloBot(settings, clock)
    await running.start()
    try:
        yield running, f"http://127.0.0.1:{port}/zalo/{SEGMENT}"
    finally:
        await running.stop()


async def test_webhook_is_registered_and_only_the_right_secret_is_answered(
    webhook_bot: tuple[ZaloBot, str], fake_zalo: FakeZaloApi
) -> None:
    _, url = webhook_bot
    assert (fake_zalo.webhook_url, fake_zalo.webhook_secret) == (f"{PUBLIC_URL}/{SEGMENT}", SECRET)
    user = ZaloUser(fake_zalo, "zw1")
    hello = fake_zalo.text_update(user.user_id, "xin chào")
    # The guessable prefix alone is no door, even with the secret.
    assert await fake_zalo.post_webhook(url.rsplit("/", 1)[0], hello, secret=SECRET) == 404
    assert await fake_zalo.post_webhook(url, hello, secret=None) == 403
    assert await fake_zalo.post_webhook(url, hello, secret="wrong-secret") == 403
    assert await fake_zalo.post_webhook(url, hello, secret=SECRET.upper()) == 403
    assert await fake_zalo.post_webhook(url, hello, secret=SECRET) == 200
    assert GREETING in await user.wait()
    # The refused calls were never handled: the one accepted call got the only answer.
    later = fake_zalo.text_update(user.user_id, "trợ giúp")
    assert await fake_zalo.post_webhook(url, later, secret=SECRET, flat=True) == 200
    await user.wait()
    assert len(user.messages()) == 2
    assert "getUpdates" not in {method for method, _ in fake_zalo.calls}


async def test_flat_and_wrapped_bodies_work_and_a_redelivery_is_answered_once(
    webhook_bot: tuple[ZaloBot, str], fake_zalo: FakeZaloApi
) -> None:
    _, url = webhook_bot
    flat_user, wrapped_user = ZaloUser(fake_zalo, "zw2"), ZaloUser(fake_zalo, "zw3")
    flat = fake_zalo.text_update(flat_user.user_id, "xin chào")
    assert await fake_zalo.post_webhook(url, flat, secret=SECRET, flat=True) == 200
    assert GREETING in await flat_user.wait()
    wrapped = fake_zalo.text_update(wrapped_user.user_id, "xin chào", message_id="once-01")
    for _ in range(2):
        assert await fake_zalo.post_webhook(url, wrapped, secret=SECRET) == 200
    assert GREETING in await wrapped_user.wait()
    follow_up = fake_zalo.text_update(wrapped_user.user_id, "xin chào lần nữa")
    assert await fake_zalo.post_webhook(url, follow_up, secret=SECRET) == 200
    await wrapped_user.wait()
    assert len(wrapped_user.messages()) == 2  # the redelivery got no second answer


async def test_polling_mode_deletes_the_webhook_first(
    zalo_bot: ZaloBot, fake_zalo: FakeZaloApi
) -> None:
    fake_zalo.webhook_url, fake_zalo.webhook_secret = PUBLIC_URL, SECRET  # left from before
    restarted = ZaloBot(zalo_bot.settings, zalo_bot.clock)
    await zalo_bot.stop()
    first = len(fake_zalo.calls)
    await restarted.start()
    try:
        user = ZaloUser(fake_zalo, "zp1")
        assert GREETING in await user.send("xin chào")
        methods = [method for method, _ in fake_zalo.calls[first:]]
        assert methods.index("deleteWebhook") < methods.index("getUpdates")
        assert fake_zalo.webhook_url == ""
    finally:
        await restarted.stop()
