"""Numbered choices on Zalo are answered against the list the person had on screen."""

from __future__ import annotations

from tests.e2e.test_zalo_journeys import joined
from tests.e2e.zalo_harness import ZaloBot
from tests.fakes.clock import FakeClock
from tests.fakes.fake_zalo_api import FakeZaloApi


async def test_a_number_typed_for_an_earlier_list_is_refused_with_the_current_one(
    zalo_bot: ZaloBot, fake_zalo: FakeZaloApi, clock: FakeClock
) -> None:
    user = await joined(zalo_bot, fake_zalo)
    typed_at = clock.now()  # "2" is typed now, but reaches the bot only after …
    clock.advance(seconds=5)
    menu = await user.send("/trogiup")  # … this list was shown
    assert "Trả lời bằng một số từ 1 đến" in menu
    current = menu.split("Trả lời bằng một số")[1]

    assert zalo_bot.channel is not None
    late = fake_zalo.text_update(user.user_id, "2")
    await zalo_bot.channel.handle(late, received_at=typed_at)
    refused = await user.wait()
    assert "Số «2» đồng chí gõ thuộc danh sách trước" in refused and "chưa làm gì" in refused
    assert current in refused  # the current list, numbered as before

    pressed = await user.send("2")  # typed with the list on screen: it is pressed
    assert "2. Đọc Kế hoạch thi đua" in current
    assert pressed.startswith("📘 Kế hoạch") and "thuộc danh sách trước" not in pressed
