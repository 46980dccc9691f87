"""The monthly quota of a channel: counted per local month, shared by processes, and the
Office told once when it runs low and once when it is gone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.app import App
from bot.config_zalo import ZaloOutbox
from bot.formatting import strip_html
from bot.ports import Channel, Outgoing, Reply
from bot.roles import Role
from bot.services.delivery.channel_quota import ChannelQuotaService
from bot.services.delivery.outbox import decode_reply
from models import ChannelQuota, Delivery
from tests.fakes.clock import FakeClock
from tests.services.broadcasts_seed import add_member

ZALO, TELEGRAM = Channel.ZALO, Channel.TELEGRAM


def quota_service(app: App, quota: int = 10, warn_ratio: float = 0.9) -> ChannelQuotaService:
    """A quota service of ``app`` (each one is a process of its own, with its own cache)."""
    limits = ZaloOutbox(monthly_quota=quota, warn_ratio=warn_ratio)
    return ChannelQuotaService(
        app.sessions,
        app.clock,
        app.texts,
        zone=app.settings.organisation.zone,
        quotas={ZALO: limits},
    )


async def office_staff(app: App) -> None:
    """Two Office members (one reachable on Zalo only), an admin, and people not told."""
    both = ((TELEGRAM, "900", False), (ZALO, "z900", False))
    await add_member(app, "VP", "Trần Văn Quản", Role.OFFICE, accounts=both)
    await add_member(app, "VP", "Lê Thị Zalo", Role.OFFICE, accounts=((ZALO, "z901", False),))
    await add_member(app, "VP", "Quản Trị", Role.ADMIN, chat="902")
    await add_member(app, "VP", "Cũ Đã Nghỉ", Role.OFFICE, chat="903", active=False)
    await add_member(app, "CNTT", "Phạm Văn Bình", Role.STAFF, chat="904")


async def notices(app: App) -> list[tuple[str, str, str]]:
    """``(channel, chat, text)`` of every queued delivery, in order."""
    async with app.sessions() as session:
        rows = await session.scalars(select(Delivery).order_by(Delivery.id))
        return [(d.channel, d.chat_id, strip_html(decode_reply(d.payload).text)) for d in rows]


async def rows(app: App) -> dict[str, int]:
    async with app.sessions() as session:
        found = await session.scalars(select(ChannelQuota).where(ChannelQuota.channel == "zalo"))
        return {row.month: row.sent for row in found}


async def test_sends_are_counted_in_the_local_month(app: App, clock: FakeClock) -> None:
    quota = quota_service(app, quota=0)
    clock.advance(days=29, hours=14, minutes=30)  # 31/3 16:30 UTC = 23:30 in Hà Nội
    assert quota.month() == "2026-03"
    assert quota.next_month() == datetime(2026, 3, 31, 17, 0, tzinfo=UTC)
    await quota.count_sent(ZALO, 2)
    clock.advance(hours=1)  # 1/4 00:30 in Hà Nội, still 31/3 in UTC
    await quota.count_sent(ZALO, 1)
    await quota.count_sent(ZALO, 2)
    await quota.count_sent(TELEGRAM, 7)  # no quota: not counted
    assert await rows(app) == {"2026-03": 2, "2026-04": 3}
    assert (await quota.usage(ZALO)).sent == 3


async def test_the_office_is_warned_once_at_ninety_percent(app: App) -> None:
    await office_staff(app)
    quota = quota_service(app)
    rang: list[int] = []
    quota.add_listener(lambda: rang.append(1))
    await quota.count_sent(ZALO, 8)
    assert await notices(app) == []
    await quota.count_sent(ZALO, 1)
    sent = await notices(app)
    assert [(channel, chat) for channel, chat, _ in sent] == [
        ("telegram", "900"),  # prefers the account off Zalo
        ("zalo", "z901"),  # the only account there is
        ("telegram", "902"),
    ]
    assert "Đã dùng 9/10 tin Zalo của tháng 03/2026" in sent[0][2]
    await quota.count_sent(ZALO, 1)
    await quota_service(app).count_sent(ZALO, 1)  # another process
    assert len(await notices(app)) == 3
    assert rang == [1]
    assert await rows(app) == {"2026-03": 11}


async def test_no_quota_means_no_limit_and_no_warning(app: App) -> None:
    await office_staff(app)
    quota = quota_service(app, quota=0)
    await quota.count_sent(ZALO, 5000)
    assert await quota.has_room(ZALO)
    assert await quota.remaining(ZALO) is None
    assert await notices(app) == []


async def test_the_count_is_shared_by_processes_within_a_short_window(
    app: App, clock: FakeClock
) -> None:
    mine, theirs = quota_service(app, quota=5), quota_service(app, quota=5)
    assert await theirs.has_room(ZALO)
    await mine.count_sent(ZALO, 5)
    assert not await mine.has_room(ZALO)
    assert await theirs.has_room(ZALO)  # still their cached view
    clock.advance(seconds=11)
    assert not await theirs.has_room(ZALO)
    assert await quota_service(app, quota=5).remaining(ZALO) == 0


async def test_exhaustion_is_reported_once_with_the_waiting_count(
    app: App, clock: FakeClock
) -> None:
    await office_staff(app)
    await app.services.outbox.send_later(
        [Outgoing(ZALO, f"z{n}", Reply(f"tin {n}")) for n in range(3)]
        + [Outgoing(TELEGRAM, "77", Reply("tin Telegram"))]
    )
    quota = quota_service(app)
    await quota.count_sent(ZALO, 4)
    await quota.exhausted(ZALO)
    await quota.exhausted(ZALO)
    await quota_service(app).exhausted(ZALO)  # another process
    assert not await quota.has_room(ZALO)
    reports = (await notices(app))[4:]
    # The Zalo-only member is skipped: a report on Zalo would only arrive next month.
    assert [(channel, chat) for channel, chat, _ in reports] == [
        ("telegram", "900"),
        ("telegram", "902"),
    ]
    text = reports[0][2]
    assert "Đã hết hạn mức tin Zalo của tháng 03/2026 (đã gửi 4/10 tin)" in text
    assert "3 tin Zalo đang chờ" in text
    assert "01/04/2026" in text
    clock.advance(days=30)  # 1/4 09:00 in Hà Nội
    assert await quota.has_room(ZALO)
    assert await quota.remaining(ZALO) == 10


@pytest.mark.parametrize("channel", [TELEGRAM, Channel.CONSOLE])
async def test_channels_without_a_quota_always_have_room(app: App, channel: Channel) -> None:
    quota = quota_service(app)
    await quota.exhausted(ZALO)
    assert await quota.has_room(channel)
