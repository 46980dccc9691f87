"""Broadcasts against the real database: preview, permissions, starting once, quiet hours.

Progress, delivery reports and the lists are in ``test_broadcasts_progress.py``.
The clock reads Monday 2 March 2026, 09:00 in Hà Nội (02:00 UTC).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bot import errors
from bot.app import App
from bot.formatting import strip_html
from bot.roles import Role
from bot.services.broadcasts.audiences import Audience, AudienceKind
from bot.services.broadcasts.senders import check_audience
from models import Broadcast, BroadcastState, DeliveryStatus
from tests.fakes.clock import FakeClock
from tests.services.broadcasts_seed import STATUS_CHAT, deliveries, draft, org, second_service

K = AudienceKind


async def broadcast(app: App, broadcast_id: int) -> Broadcast:
    async with app.sessions() as session:
        return await session.get_one(Broadcast, broadcast_id)


async def test_preview_shows_the_message_filled_for_the_sender_and_the_head_count(
    app: App,
) -> None:
    p = await org(app)
    shown = await app.services.broadcasts.preview(p.office, draft("{ho_ten} · {don_vi} · {la}"))
    assert strip_html(shown.message) == (
        "📢 Thông báo · Văn phòng Sở\n\nVăn Phòng · Văn phòng Sở · {la}"
    )
    assert (shown.recipients, shown.blocked, shown.unreachable) == (6, 1, 1)
    assert (shown.starts_at, shown.postponed) == (app.clock.now(), False)
    urgent = await app.services.broadcasts.preview(
        p.head, draft(units=(p.head.unit.id,), urgent=True)
    )
    assert strip_html(urgent.message).startswith("🔴 THÔNG BÁO KHẨN · Phòng Công nghệ thông tin")
    assert "Kính gửi Trưởng CNTT (Phòng Công nghệ thông tin)" in urgent.message
    assert (urgent.recipients, urgent.blocked, urgent.unreachable) == (3, 1, 0)


async def test_empty_audience_and_a_time_already_past_are_refused(app: App) -> None:
    p = await org(app)
    service = app.services.broadcasts
    with pytest.raises(errors.EmptyAudience):
        await service.preview(p.office, draft(kind=K.ROLES, roles=(Role.LEADER,)))
    now = app.clock.now()
    with pytest.raises(errors.SendTimeInPast):
        await service.preview(p.office, draft(send_at=now - timedelta(minutes=2)))
    with pytest.raises(errors.SendTimeInPast):
        await service.create(p.office, draft(send_at=now - timedelta(hours=1)), STATUS_CHAT)
    # A few seconds late (the time the sender took to press "Gửi") still means now.
    late = await service.preview(p.office, draft(send_at=now - timedelta(seconds=30)))
    assert late.starts_at == now
    later = await service.preview(p.office, draft(send_at=now + timedelta(hours=2)))
    assert (later.starts_at, later.postponed) == (now + timedelta(hours=2), False)
    assert await deliveries(app) == []


async def test_who_may_send_to_whom(app: App) -> None:
    p = await org(app)
    own, other = (p.head.unit.id,), (p.other_head.unit.id,)
    allowed = [
        (p.office, Audience(K.EVERYONE)),
        (p.office, Audience(K.REVIEWS_PENDING)),
        (p.office, Audience(K.UNITS, units=other)),
        (p.head, Audience(K.EVERYONE, units=own)),
        (p.head, Audience(K.NOT_CONFIRMED, units=own)),
        (p.head, Audience(K.NO_INITIATIVE, units=own)),
    ]
    refused = [
        (p.head, Audience(K.EVERYONE)),
        (p.head, Audience(K.EVERYONE, units=other)),
        (p.head, Audience(K.EVERYONE, units=own + other)),
        (p.head, Audience(K.UNITS, units=own)),
        (p.head, Audience(K.ROLES, units=own, roles=(Role.STAFF,))),
        (p.head, Audience(K.REPORT_MISSING, units=own)),
        (p.head, Audience(K.REVIEWS_PENDING, units=own)),
        (p.staff, Audience(K.EVERYONE, units=own)),
        (p.staff, Audience(K.EVERYONE)),
    ]
    for actor, audience in allowed:
        check_audience(actor, audience)
    for actor, audience in refused:
        with pytest.raises(errors.NotAllowed):
            check_audience(actor, audience)
    with pytest.raises(errors.NotAllowed):
        await app.services.broadcasts.create(p.staff, draft(units=own), STATUS_CHAT)
    with pytest.raises(errors.NotAllowed):
        await app.services.broadcasts.preview(p.head, draft(units=other))
    async with app.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Broadcast)) == 0


async def test_starting_writes_one_delivery_per_recipient_settling_those_out_of_reach(
    app: App,
) -> None:
    p = await org(app)
    service = app.services.broadcasts
    rang: list[str] = []
    service.add_listener(lambda: rang.append("ring"))
    made = await service.create(p.office, draft(), STATUS_CHAT)
    assert (made.state, rang) == (BroadcastState.SCHEDULED, ["ring"])
    assert await deliveries(app) == []
    assert await service.start_due() == [made.id]
    rows = await deliveries(app)
    got = {(d.chat_id, d.status, d.quiet) for d in rows}
    assert got == {
        ("9000", DeliveryStatus.PENDING, True),
        ("9001", DeliveryStatus.PENDING, True),
        ("9002", DeliveryStatus.PENDING, True),
        ("9003", DeliveryStatus.BLOCKED, True),
        ("9004", DeliveryStatus.PENDING, True),
        ("", DeliveryStatus.UNREACHABLE, True),
    }
    assert {d.broadcast_id for d in rows} == {made.id}
    an = next(d for d in rows if d.chat_id == "9002")
    assert strip_html(an.payload["text"]) == (
        "📢 Thông báo · Văn phòng Sở\n\nKính gửi An (Phòng Công nghệ thông tin): họp lúc 14:00."
    )
    row = await broadcast(app, made.id)
    assert (row.state, row.total, row.started_at) == (BroadcastState.SENDING, 6, app.clock.now())
    counts = await service.counts(p.office, made.id)
    assert (counts.total, counts.sent, counts.blocked, counts.unreachable) == (6, 0, 1, 1)


async def test_a_broadcast_starts_once_however_many_times_it_is_asked(app: App) -> None:
    p = await org(app)
    made = await app.services.broadcasts.create(p.office, draft(), STATUS_CHAT)
    other = second_service(app)
    assert await app.services.broadcasts.start_due() == [made.id]
    assert await app.services.broadcasts.start_due() == []
    assert await other.start_due() == []
    assert len(await deliveries(app)) == 6


async def test_two_services_racing_to_start_write_the_deliveries_once(app: App) -> None:
    p = await org(app)
    made = await app.services.broadcasts.create(p.office, draft(), STATUS_CHAT)
    other = second_service(app)
    started = await asyncio.gather(app.services.broadcasts.start_due(), other.start_due())
    assert sorted(started) == [[], [made.id]]
    assert len(await deliveries(app)) == 6


async def test_one_confirmation_key_queues_one_broadcast_even_racing(app: App) -> None:
    p = await org(app)
    service, other = app.services.broadcasts, second_service(app)
    made = await service.create(p.office, draft(), None, once="k" * 22)
    with pytest.raises(errors.BroadcastAlreadyQueued) as repeated:
        await other.create(p.office, draft("Khác"), None, once="k" * 22)
    assert repeated.value.params == {"id": made.id}
    # Two processes posting one new key at the same moment: one queues, the other is told.
    raced = await asyncio.gather(
        service.create(p.office, draft(), None, once="r" * 22),
        other.create(p.office, draft(), None, once="r" * 22),
        return_exceptions=True,
    )
    queued = [r for r in raced if not isinstance(r, BaseException)]
    told = [r for r in raced if isinstance(r, errors.BroadcastAlreadyQueued)]
    assert len(queued) == 1 and len(told) == 1 and told[0].params == {"id": queued[0].id}
    # The key is the sender's: the same key from someone else is theirs; chat has none.
    await service.create(p.head, draft(units=(p.head.unit.id,)), None, once="k" * 22)
    await service.create(p.office, draft(), STATUS_CHAT)
    async with app.sessions() as session:
        assert await session.scalar(select(func.count(Broadcast.id))) == 4


async def test_a_non_urgent_broadcast_at_night_waits_for_the_morning(
    app: App, clock: FakeClock
) -> None:
    p = await org(app)
    service = app.services.broadcasts
    clock.advance(hours=13)  # Monday 22:00 in Hà Nội
    morning = datetime(2026, 3, 3, 0, 0, tzinfo=UTC)  # Tuesday 07:00 in Hà Nội
    shown = await service.preview(p.office, draft())
    assert (shown.starts_at, shown.postponed) == (morning, True)
    made = await service.create(p.office, draft(), STATUS_CHAT)
    assert made.starts_at == morning
    assert service.quiet_allowed() is False
    clock.advance(hours=8, minutes=59)  # 06:59
    assert await service.start_due() == []
    assert await deliveries(app) == []
    clock.advance(minutes=1)
    assert service.quiet_allowed() is True
    assert await service.start_due() == [made.id]
    assert len(await deliveries(app)) == 6


async def test_friday_night_waits_for_monday_morning(app: App, clock: FakeClock) -> None:
    p = await org(app)
    clock.advance(days=4, hours=13)  # Friday 6 March, 22:00 in Hà Nội
    made = await app.services.broadcasts.create(p.office, draft(), STATUS_CHAT)
    assert made.starts_at == datetime(2026, 3, 9, 0, 0, tzinfo=UTC)  # Monday 07:00


async def test_an_urgent_broadcast_starts_at_once_and_is_not_held_at_night(
    app: App, clock: FakeClock
) -> None:
    p = await org(app)
    service = app.services.broadcasts
    clock.advance(hours=13)  # 22:00
    shown = await service.preview(p.office, draft(urgent=True))
    assert (shown.starts_at, shown.postponed) == (clock.now(), False)
    made = await service.create(p.office, draft(urgent=True), STATUS_CHAT)
    assert await service.start_due() == [made.id]
    rows = await deliveries(app)
    assert len(rows) == 6
    assert not any(d.quiet for d in rows)
    assert rows[0].payload["text"].startswith("🔴 <b>THÔNG BÁO KHẨN</b>")
    claimed = await app.services.outbox.claim(40, quiet_ok=False)
    assert sorted(c.chat_id for c in claimed) == ["9000", "9001", "9002", "9004"]
