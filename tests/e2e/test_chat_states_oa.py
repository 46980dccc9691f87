"""The Zalo OA's follow and unfollow go through the same chat states as Telegram's reports:
applied in the platform's order, so an unfollow delivered late does not undo a newer
follow."""

from __future__ import annotations

from models import ChatState
from tests.e2e.zalo_oa_harness import OaBot, OaUser
from tests.fakes.fake_zalo_oa import FakeZaloOa


async def test_a_late_unfollow_does_not_undo_a_newer_follow(
    oa_bot: OaBot, fake_oa: FakeZaloOa
) -> None:
    user = OaUser(fake_oa, "oa-late")
    followed = fake_oa.stamp()
    await user.push(fake_oa.events.follow("oa-late", followed))
    late = fake_oa.events.follow("oa-late", followed - 60_000, event="unfollow")
    assert await fake_oa.push(late) == 200
    await oa_bot.settled()
    kinds = [kind for kind, chat, _ in oa_bot.interactions.calls if chat == "oa-late"]
    assert kinds == ["inbound", "sent"]  # the welcome; the stale unfollow stopped nothing

    later = fake_oa.events.follow("oa-late", followed + 1_000, event="unfollow")
    assert await fake_oa.push(later) == 200
    await oa_bot.settled()
    kinds = [kind for kind, chat, _ in oa_bot.interactions.calls if chat == "oa-late"]
    assert kinds[-1] == "left"
    async with oa_bot.core.sessions() as session:
        row = await session.get(ChatState, ("zalo_oa", "oa-late"))
    assert row is not None and not row.present
