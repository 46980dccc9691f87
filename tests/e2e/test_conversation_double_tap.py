"""A double tap on a button: one edit, and no request Telegram refuses."""

from __future__ import annotations

from tests.e2e.harness import RunningBot
from tests.e2e.test_plans import admin_of
from tests.fakes.telegram import FakeTelegramApi


async def test_a_double_tap_edits_the_screen_once(bot: RunningBot, fake: FakeTelegramApi) -> None:
    admin = await admin_of(fake)
    await admin.send("/kehoach")
    section = fake.buttons(admin.user_id)[0][0][1]
    before = len(fake.calls_to("editMessageText"))
    fake.push_callback(admin.user_id, section)
    fake.push_callback(admin.user_id, section)
    await fake.wait_for(
        lambda: len(fake.calls_to("answerCallbackQuery")) >= 2, description="both taps answered"
    )
    await bot.stop()  # finishes the updates in hand
    edits = fake.calls_to("editMessageText")[before:]
    assert [call.status for call in edits] == [200]
    assert fake.sent_count_to(admin.user_id) == admin.seen + 1  # one edit, no new message
