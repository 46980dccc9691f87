"""Scheduled leaderboard posts with an injected clock: the weekly board and chart to the
announcement chat, the monthly unit board to every unit head, both through the outbox."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import App, open_app
from bot.config import Settings
from bot.formatting import strip_html
from bot.roles import Role
from models import Broadcast
from tests.conftest import make_settings
from tests.factories import join
from tests.fakes.clock import FakeClock
from tests.fakes.messenger import FakeMessenger
from tests.scheduler.test_delivery_outbox import FakeTime, worker_for
from tests.services.leaderboards_seed import event

PNG = b"\x89PNG\r\n\x1a\n"
POSTS = [
    {"key": "board_weekly", "cron": "0 8 * * 1", "audience": "board_announcement"},
    {"key": "board_monthly", "cron": "0 8 1 * *", "audience": "board_unit_heads"},
]


@pytest.fixture
def posting(database_url: str) -> Settings:
    return make_settings(
        database_url,
        reminders=POSTS,
        announcements={"chat": {"channel": "console", "id": "nhom-thong-bao"}},
    )


@pytest.fixture
async def core(posting: Settings, clock: FakeClock) -> AsyncIterator[App]:
    app = await open_app(posting, clock=clock, run_migrations=False)
    try:
        yield app
    finally:
        await app.close()


async def fire_and_send(app: App, messenger: FakeMessenger, clock: FakeClock) -> None:
    """What the scheduler and the runner do when a reminder's time comes."""
    await app.services.reminders.catch_up()
    await app.services.board_posts.start_due()
    time = FakeTime(clock)
    worker = worker_for(app, messenger, time)
    await worker.drain()
    time.advance(2)  # a second message to a chat waits for the per-chat gap
    await worker.drain()


async def test_weekly_board_goes_to_the_announcement_chat_as_a_photo(
    core: App, clock: FakeClock
) -> None:
    await join(core, "truong", "CNTT", Role.UNIT_HEAD, "Trần Thị Trưởng")
    messenger = FakeMessenger()
    await fire_and_send(core, messenger, clock)
    assert messenger.sent == []  # Monday 09:00: the 08:00 post was before the reminder existed

    clock.advance(days=7, hours=-1)  # Monday 08:00 the week after
    await fire_and_send(core, messenger, clock)
    [reply] = [r for c, r in messenger.sent if c == "nhom-thong-bao"]
    assert reply.photo is not None and reply.photo.content.startswith(PNG)
    assert "Bảng xếp hạng đơn vị" in reply.photo.caption
    assert "Bảng xếp hạng thi đua tuần này" in strip_html(reply.text)

    # Fired once: later looks in the same week send nothing more.
    clock.advance(hours=3)
    await fire_and_send(core, messenger, clock)
    assert len([c for c, _ in messenger.sent if c == "nhom-thong-bao"]) == 1


async def test_monthly_post_gives_each_unit_head_their_unit(core: App, clock: FakeClock) -> None:
    await join(core, "truong", "CNTT", Role.UNIT_HEAD, "Trần Thị Trưởng")
    await join(core, "vinh", "VHTT-VY", Role.UNIT_HEAD, "Phạm Văn Vĩnh")
    staff = await join(core, "lan", "CNTT", Role.STAFF, "Nguyễn Thị Lan")
    assert staff.last is not None
    lan = await core.services.members.find(staff.channel, "lan")
    assert lan is not None
    await event(core, lan.unit.id, "initiative_recognized", member_id=lan.id)

    clock.advance(days=30, hours=-1)  # Wednesday 01/04/2026 08:00
    messenger = FakeMessenger()
    await fire_and_send(core, messenger, clock)
    # Unit heads were also told about new members: the posts are the messages with a chart.
    to_head = [r for c, r in messenger.sent if c == "truong" and r.photo is not None]
    to_other = [r for c, r in messenger.sent if c == "vinh" and r.photo is not None]
    assert len(to_head) == 1 and len(to_other) == 1
    text = strip_html(to_head[0].text)
    assert "Kết quả thi đua của Phòng Công nghệ thông tin" in text
    assert "đứng thứ 1/" in text and "Nguyễn Thị Lan" in text
    assert to_head[0].photo is not None and to_head[0].photo.content.startswith(PNG)
    assert "Nguyễn Thị Lan" not in strip_html(to_other[0].text)
    # The post is a broadcast without a sender: it finishes like one once everything is sent.
    await core.services.broadcasts.progress(now_or_never=True)
    async with core.sessions() as session:
        rows = (await session.execute(Broadcast.__table__.select())).all()
    assert [(row.state, row.total) for row in rows] == [("done", 2)]
