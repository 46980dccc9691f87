"""``lichthidua`` on Zalo through the fake Zalo Bot API: the same calendar as plain text, the
Office's choices answered by their numbers."""

from __future__ import annotations

import re

from bot.config_milestones import Milestone
from bot.roles import Role
from tests.e2e.test_zalo_journeys import assert_plain_and_short
from tests.e2e.zalo_harness import ZaloBot, ZaloUser, zalo_settings
from tests.fakes.clock import FakeClock
from tests.fakes.fake_zalo_api import FakeZaloApi


def number_of(shown: str, label: str) -> str:
    """The number Zalo shows before the choice ``label``."""
    found = re.search(rf"^(\d+)\. [^\n]*{re.escape(label)}", shown, re.M)
    assert found is not None, shown
    return found[1]


async def test_on_zalo_the_office_opens_who_has_not_registered_by_number(
    fake_zalo: FakeZaloApi, database_url: str, clock: FakeClock
) -> None:
    settings = zalo_settings(database_url, fake_zalo).model_copy(
        update={
            "milestones": (Milestone(key="registration", on="03-10", remind_days_before=(7,)),)
        }
    )
    bot = ZaloBot(settings, clock)
    await bot.start()
    try:
        invite = await bot.core.services.invites.create(
            None, unit_code="VP", role=Role.OFFICE, uses=1, days=7
        )
        office = ZaloUser(fake_zalo, "zo1")
        await office.send(f"thamgia {invite.token}")
        await office.send("Phạm Văn Phòng")
        await office.send("Chánh Văn phòng")
        welcome = await office.send("1", replies=2)  # the long menu comes as a second message
        assert "Trả lời bằng một số" in welcome
        calendar = await office.send("lichthidua")
        assert "Lịch thi đua năm 2026" in calendar
        assert "10/03/2026 — Hạn đăng ký thi đua của các đơn vị" in calendar
        assert "Chưa thực hiện: 3/3 đơn vị" in calendar
        pending = await office.send(number_of(calendar, "3 đơn vị chưa thực hiện"))
        assert "1. Văn phòng Sở — Thủ trưởng đơn vị: chưa tham gia bot" in pending
        later = await office.send(number_of(pending, "Về lịch thi đua năm 2026"))
        following = await office.send(number_of(later, "Năm sau (2027)"))
        assert "Lịch thi đua năm 2027" in following
        assert_plain_and_short(office)
    finally:
        await bot.stop()
