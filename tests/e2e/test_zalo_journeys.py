"""Journeys on Zalo through the fake Zalo Bot API: the same bot, with numbered choices."""

from __future__ import annotations

from bot.roles import Role
from tests.e2e.zalo_harness import ZaloBot, ZaloUser
from tests.fakes.fake_zalo_api import FakeZaloApi


async def joined(bot: ZaloBot, fake: FakeZaloApi, user_id: str = "zu1") -> ZaloUser:
    """Invite a Zalo user as staff of CNTT and walk the registration."""
    invite = await bot.core.services.invites.create(
        None, unit_code="CNTT", role=Role.STAFF, uses=1, days=7
    )
    user = ZaloUser(fake, user_id)
    assert "Đăng ký" in await user.send(f"thamgia {invite.token}") or user.text
    await user.send("Nguyễn Thị Lan")
    await user.send("Chuyên viên")
    confirm = user.text
    assert "Trả lời" in confirm
    assert "Đăng ký thành công" in await user.send("1")
    return user


async def test_join_with_thamgia_and_register_with_numbered_choices(
    zalo_bot: ZaloBot, fake_zalo: FakeZaloApi
) -> None:
    user = await joined(zalo_bot, fake_zalo)
    assert all(len(m.text or "") <= 2000 for m in user.messages())
    assert "<b>" not in "".join(fake_zalo.texts_to(user.user_id))

