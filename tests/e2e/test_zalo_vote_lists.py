"""A unit head on Zalo builds and sends the unit's vote list through numbered choices and typed
rows, with a photo of the signed minutes (Zalo hands the bot images, not documents)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest
from sqlalchemy import select

from bot.roles import Role
from models import Attachment, Nomination
from tests.conftest import make_settings
from tests.e2e.test_zalo_journeys import PNG, assert_plain_and_short
from tests.e2e.zalo_harness import ZaloBot, ZaloUser
from tests.factories import make_member
from tests.fakes.clock import FakeClock
from tests.fakes.fake_zalo_api import TOKEN, FakeZaloApi
from tests.services.cycle_seed import CYCLE_AWARDS, started


@pytest.fixture
async def zalo(
    fake_zalo: FakeZaloApi, database_url: str, clock: FakeClock
) -> AsyncIterator[ZaloBot]:
    """The bot on Zalo only, with the cycle's catalogue of titles."""
    channel = {"token": TOKEN, "base_url": fake_zalo.base_url, "poll_timeout_seconds": 1}
    settings = make_settings(database_url, awards=CYCLE_AWARDS, zalo={**channel, "http_port": 0})
    running = ZaloBot(settings, clock)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


async def test_a_head_on_zalo_sends_the_units_list(zalo: ZaloBot, fake_zalo: FakeZaloApi) -> None:
    app = zalo.core
    an = await make_member(app, "an", name="Nguyễn Văn An")
    await started(app, an.id, date(2018, 3, 1))
    invite = await app.services.invites.create(
        None, unit_code="CNTT", role=Role.UNIT_HEAD, uses=1, days=7
    )
    head = ZaloUser(fake_zalo, "zh1")
    await head.send(f"thamgia {invite.token}")
    await head.send("Phạm Văn Trưởng")
    await head.send("Trưởng phòng")
    assert "Đăng ký thành công" in await head.send("1")

    home = await head.send("binhxet")
    assert "Đơn vị chưa gửi danh sách bình xét năm 2025" in home
    assert "1. 📝 Lập danh sách bình xét" in home
    asked = await head.send("1")
    assert "Bước 1/6" in asked and "2. Không đề nghị danh hiệu tập thể" in asked
    people = await head.send("2")
    assert "1. ▫️ Nguyễn Văn An" in people  # a text step: the numbers are rows, not buttons
    assert "«Chiến sĩ thi đua cơ sở» (2/2)" in await head.send("1-2")
    shares = await head.send("không")
    assert "Bước 3/6" in shares and "2. Phạm Văn Trưởng — Lao động tiên tiến" in shares
    assert "Bước 5/6" in await head.send("100")
    assert "Bao nhiêu người dự" in await head.send("20/02/2026")
    minutes = await head.send("2")
    assert "biên bản cuộc họp bình xét (bắt buộc)" in minutes
    url = fake_zalo.host_file(PNG)
    attached = await head.send_update(fake_zalo.image_update(head.user_id, url))
    assert "• anh.jpg" in attached
    check = await head.send("Xem lại và nộp")
    assert "Kiểm tra danh sách bình xét năm 2025" in check
    assert "⚠️ Chưa có ngày tuyển dụng" in check  # the head's own day was never entered
    sent = await head.send("Gửi danh sách")
    assert "Đã gửi danh sách bình xét BX-2025-001 (2 dòng)" in sent
    assert_plain_and_short(head)
    async with app.sessions() as session:
        rows = (await session.scalars(select(Nomination.nominee_name))).all()
        files = (await session.scalars(select(Attachment.channel))).all()
    assert sorted(rows) == ["Nguyễn Văn An", "Phạm Văn Trưởng"]
    assert files == ["zalo"]
