"""The OA's tokens end to end: refreshed before expiry and on -216 while the bot answers, the
new refresh token in the database, picked up again after a restart."""

from __future__ import annotations

from bot.ports import Channel
from tests.e2e.test_people_linking import while_time_passes
from tests.e2e.test_zalo_oa_journeys import joined
from tests.e2e.zalo_harness import free_port
from tests.e2e.zalo_oa_harness import OaBot, OaUser, oa_settings
from tests.fakes.clock import FakeClock
from tests.fakes.fake_zalo_oa import FIRST_REFRESH_TOKEN, FakeZaloOa
from tests.fakes.zalo_oa_events import APP_ID


async def stored_refresh_token(bot: OaBot) -> str:
    tokens = await bot.core.services.oa_tokens.current(APP_ID)
    assert tokens is not None
    return tokens.refresh_token


async def test_an_access_token_zalo_expired_is_refreshed_once_while_answering(
    oa_bot: OaBot, fake_oa: FakeZaloOa, clock: FakeClock
) -> None:
    assert fake_oa.refreshes == 1  # at start-up: the first refresh token was traded
    user = OaUser(fake_oa, "oa-t")
    first = await stored_refresh_token(oa_bot)
    assert first != FIRST_REFRESH_TOKEN
    fake_oa.expire_access_tokens()
    assert "thamgia" in await user.push(fake_oa.events.follow("oa-t", fake_oa.stamp()))
    assert fake_oa.refreshes == 2
    second = await stored_refresh_token(oa_bot)
    assert second not in (first, FIRST_REFRESH_TOKEN)
    clock.advance(seconds=1)  # the same event twice would be a replay
    assert "thamgia" in await user.push(fake_oa.events.follow("oa-t", fake_oa.stamp()))
    assert fake_oa.refreshes == 2  # the new token serves until it nears its expiry


async def test_the_token_is_refreshed_before_it_expires(
    oa_bot: OaBot, fake_oa: FakeZaloOa, clock: FakeClock
) -> None:
    # Zalo said 90,000 s; the margin is 600 s: at 89,500 s the bot refreshes before sending.
    clock.advance(seconds=89_500)
    user = OaUser(fake_oa, "oa-e")
    assert "thamgia" in await user.push(fake_oa.events.follow("oa-e", fake_oa.stamp()))
    assert fake_oa.refreshes == 2


async def test_a_restart_uses_the_refresh_token_in_the_database(
    oa_bot: OaBot, fake_oa: FakeZaloOa, clock: FakeClock
) -> None:
    stored = await stored_refresh_token(oa_bot)
    await oa_bot.stop()
    clock.advance(hours=30)  # the access token expired while the bot was down
    # The environment still holds the first token, used up long ago: the database wins.
    again = OaBot(oa_bot.settings, clock, fake_oa)
    await again.start()
    try:
        assert fake_oa.refreshes == 2
        assert await stored_refresh_token(again) != stored
        user = OaUser(fake_oa, "oa-b")
        assert "thamgia" in await user.push(fake_oa.events.follow("oa-b", fake_oa.stamp()))
    finally:
        await again.stop()


async def test_the_core_s_reply_window_opens_on_a_follow_and_counts_the_welcome(
    fake_oa: FakeZaloOa, database_url: str, clock: FakeClock
) -> None:
    bot = OaBot(oa_settings(database_url, fake_oa, free_port()), clock, fake_oa)
    await bot.start()
    try:
        user = OaUser(fake_oa, "oa-w")
        await user.push(fake_oa.events.follow("oa-w", fake_oa.stamp()))
        await bot.settled()
        windows = await bot.core.services.reply_windows.windows(Channel.ZALO_OA, ["oa-w"])
        assert windows["oa-w"].last_inbound_at == clock.now().replace(microsecond=0)
        assert windows["oa-w"].sent == 1
    finally:
        await bot.stop()


async def test_a_token_zalo_expired_mid_broadcast_is_refreshed_once_and_all_arrive(
    oa_bot: OaBot, fake_oa: FakeZaloOa, clock: FakeClock
) -> None:
    users = [await joined(oa_bot, fake_oa, f"oa-m{n}") for n in range(3)]
    fake_oa.expire_access_tokens()
    before = fake_oa.refreshes
    await oa_bot.core.services.plans.publish(
        None, "# Kế hoạch B\n\n## I. MỤC ĐÍCH\n\nNội dung.\n", "b.md"
    )

    async def everyone_told() -> None:
        await fake_oa.wait_for(
            lambda: all(
                any("có phiên bản mới" in t for t in fake_oa.texts_to(u.user_id)) for u in users
            )
        )

    await while_time_passes(clock, everyone_told)
    assert fake_oa.refreshes == before + 1
