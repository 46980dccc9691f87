"""Recurring reminders: configured defaults, firing exactly once, catching up, the calendar,
and the "report missing before the deadline" audience."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.app import App, open_app
from bot.config import Settings
from bot.ports import Channel
from bot.roles import Role
from bot.services.broadcasts.audiences import Audience, AudienceKind
from bot.services.common.views import MemberView
from bot.services.reminders.service import ReminderDraft
from models import AuditEntry, Broadcast, Delivery
from tests.conftest import make_settings
from tests.factories import join
from tests.fakes.clock import FakeClock

# The fake clock starts on Monday 02/03/2026 at 09:00 in Hà Nội (02:00 UTC).
DEFAULTS: list[dict[str, Any]] = [
    {"key": "plan_confirmation", "cron": "0 8 * * 1", "audience": "not_confirmed"},
    {"key": "initiative_monthly", "cron": "0 9 1 * *", "audience": "no_initiative"},
]


@asynccontextmanager
async def running(settings: Settings, clock: FakeClock) -> AsyncIterator[App]:
    """Open the core on the test database (a second one on the same database is a restart)."""
    core = await open_app(settings, clock=clock, run_migrations=False)
    try:
        yield core
    finally:
        await core.close()


async def office_member(app: App) -> MemberView:
    await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    member = await app.services.members.find(Channel.CONSOLE, "vp")
    assert member is not None
    return member


async def add(app: App, expr: str, *, urgent: bool = False, text: str = "Nhắc {ho_ten}") -> int:
    actor = await office_member(app)
    draft = ReminderDraft("Nhắc thử", text, Audience(AudienceKind.EVERYONE), expr, urgent)
    return (await app.services.reminders.create(actor, draft)).id


async def broadcasts(app: App) -> list[Broadcast]:
    async with app.sessions() as session:
        return list(await session.scalars(select(Broadcast).order_by(Broadcast.id)))


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


async def test_configured_defaults_are_created_once(database_url: str, clock: FakeClock) -> None:
    settings = make_settings(database_url, reminders=DEFAULTS)
    async with running(settings, clock) as app:
        actor = await office_member(app)
        listed = await app.services.reminders.all(actor)
        assert [(r.key, r.cron, r.paused) for r in listed] == [
            ("plan_confirmation", "0 8 * * 1", False),
            ("initiative_monthly", "0 9 1 * *", False),
        ]
        assert listed[0].name == "Nhắc xác nhận Kế hoạch thi đua"
        await app.services.reminders.delete(actor, listed[0].id)
        await app.services.reminders.set_paused(actor, listed[1].id, paused=True)

    changed = [DEFAULTS[0], {**DEFAULTS[1], "cron": "30 8 5 * *"}]
    async with running(make_settings(database_url, reminders=changed), clock) as app:
        again = await app.services.members.find(Channel.CONSOLE, "vp")
        assert again is not None
        listed = await app.services.reminders.all(again)
    # The deleted default stays deleted; the changed one takes the new cron, still paused.
    assert [(r.key, r.cron, r.paused) for r in listed] == [
        ("initiative_monthly", "30 8 5 * *", True)
    ]


async def test_a_firing_creates_one_broadcast_even_after_a_restart(
    settings: Settings, clock: FakeClock
) -> None:
    async with running(settings, clock) as app:
        rid = await add(app, "30 9 * * *")
        assert await app.services.reminders.fire_due(rid) is None  # not yet 09:30
        clock.advance(minutes=30)
        first = await app.services.reminders.fire_due(rid)
        assert first is not None
        assert await app.services.reminders.fire_due(rid) is None
        assert await app.services.reminders.catch_up() == []
    async with running(settings, clock) as again:
        assert await again.services.reminders.catch_up() == []
        assert await again.services.reminders.fire_due(rid) is None
        made = await broadcasts(again)
    assert [(b.id, b.reminder_id, b.fire_at) for b in made] == [(first, rid, utc(2, 2, 30))]
    assert made[0].starts_at == utc(2, 2, 30)


async def test_a_firing_missed_within_the_grace_period_runs_once_at_start(
    settings: Settings, clock: FakeClock
) -> None:
    async with running(settings, clock) as app:
        rid = await add(app, "30 9 * * *")
    clock.advance(hours=3)  # down from 09:00 to 12:00: 09:30 was missed
    async with running(settings, clock) as app:
        fired = await app.services.reminders.catch_up()
        assert len(fired) == 1
        assert await app.services.reminders.catch_up() == []
        made = await broadcasts(app)
    assert [(b.reminder_id, b.fire_at) for b in made] == [(rid, utc(2, 2, 30))]


async def test_a_firing_missed_beyond_the_grace_period_is_skipped_and_audited(
    database_url: str, clock: FakeClock
) -> None:
    settings = make_settings(database_url, broadcasts={"reminder_grace_minutes": 60})
    async with running(settings, clock) as app:
        rid = await add(app, "30 9 * * *")
        clock.advance(hours=3)
        assert await app.services.reminders.catch_up() == []
        assert await app.services.reminders.catch_up() == []
        async with app.sessions() as session:
            missed = (
                await session.scalars(
                    select(AuditEntry).where(AuditEntry.action == "reminder.missed")
                )
            ).all()
        assert [m.entity_id for m in missed] == [str(rid)]
        assert missed[0].after is not None
        assert datetime.fromisoformat(missed[0].after["due"]) == utc(2, 2, 30)
        clock.advance(days=1, hours=-2, minutes=-30)  # Tuesday 09:30
        assert await app.services.reminders.fire_due(rid) is not None
        assert [b.fire_at for b in await broadcasts(app)] == [utc(3, 2, 30)]


async def test_a_paused_reminder_does_not_fire_and_resuming_does_not_replay(
    settings: Settings, clock: FakeClock
) -> None:
    async with running(settings, clock) as app:
        rid = await add(app, "30 9 * * *")
        actor = await app.services.members.find(Channel.CONSOLE, "vp")
        assert actor is not None
        await app.services.reminders.set_paused(actor, rid, paused=True)
        assert rid not in await app.services.reminders.schedules()
        clock.advance(hours=1)
        assert await app.services.reminders.fire_due(rid) is None
        assert await app.services.reminders.catch_up() == []
        clock.advance(days=1)  # Tuesday 10:00, Tuesday's 09:30 also missed while paused
        view = await app.services.reminders.set_paused(actor, rid, paused=False)
        assert view.next_at == utc(4, 2, 30)
        assert await app.services.reminders.catch_up() == []
        assert await app.services.reminders.fire_due(rid) is None
        assert await broadcasts(app) == []
        clock.advance(days=1, minutes=-30)  # Wednesday 09:30
        assert await app.services.reminders.fire_due(rid) is not None
        assert [b.fire_at for b in await broadcasts(app)] == [utc(4, 2, 30)]
        # "Last sent" is the firing that went out, not the resume that moved the cursor.
        assert (await app.services.reminders.get(actor, rid)).last_sent_at is None
        await app.services.broadcasts.start_due()
        assert (await app.services.reminders.get(actor, rid)).last_sent_at == utc(4, 2, 30)


@pytest.mark.parametrize(
    ("expr", "advance_hours", "urgent", "starts"),
    [
        # Monday 22:00 is in the quiet hours (21:00–07:00): Tuesday 07:00.
        ("0 22 * * *", 13, False, utc(3, 0)),
        ("0 22 * * *", 13, True, utc(2, 15)),
        # Saturday 10:00 is the weekend: Monday 07:00.
        ("0 10 * * 6", 24 * 5 + 1, False, utc(9, 0)),
        ("0 10 * * 6", 24 * 5 + 1, True, utc(7, 3)),
        # Thursday 05/03 is a configured holiday: Friday 07:00.
        ("0 10 * * 4", 24 * 3 + 1, False, utc(6, 0)),
        ("0 10 * * 4", 24 * 3 + 1, True, utc(5, 3)),
        # Wednesday 14:00 is a working hour: at once.
        ("0 14 * * 3", 48 + 5, False, utc(4, 7)),
    ],
)
async def test_a_non_urgent_firing_waits_for_the_next_allowed_time(
    database_url: str,
    clock: FakeClock,
    expr: str,
    advance_hours: int,
    urgent: bool,
    starts: datetime,
) -> None:
    settings = make_settings(database_url, calendar={"holidays": ["2026-03-05"]})
    async with running(settings, clock) as app:
        rid = await add(app, expr, urgent=urgent)
        clock.advance(hours=advance_hours)
        assert await app.services.reminders.fire_due(rid) is not None
        [made] = await broadcasts(app)
        assert made.starts_at == starts
        assert made.urgent is urgent


async def test_report_deadline_reminder_reaches_heads_of_units_without_a_report(
    database_url: str, clock: FakeClock
) -> None:
    defaults = [
        {
            "key": "report_deadline",
            "cron": "0 8 * * *",
            "audience": "report_missing",
            "due_in_days": [7],
        }
    ]
    settings = make_settings(database_url, reminders=defaults)
    async with running(settings, clock) as app:
        office = await office_member(app)
        await join(app, "cntt", "CNTT", Role.UNIT_HEAD, "Trần Thị Trưởng")
        await join(app, "vy", "VHTT-VY", Role.UNIT_HEAD, "Phạm Văn Vĩnh")
        await join(app, "nv", "VHTT-VY", Role.STAFF, "Nguyễn Văn Viên")
        period = await app.services.reports.open_period(office, "Năm 2026", date(2026, 3, 10))
        cntt = await app.services.members.find(Channel.CONSOLE, "cntt")
        assert cntt is not None
        summary = "Hoàn thành toàn bộ chỉ tiêu thi đua năm."
        await app.services.reports.submit(cntt, period.id, summary, summary, [])
        [reminder] = await app.services.reminders.all(office)

        clock.advance(hours=23)  # Tuesday 03/03 08:00: the deadline is 7 days away
        assert await app.services.reminders.fire_due(reminder.id) is not None
        await app.services.broadcasts.start_due()
        clock.advance(days=1)  # Wednesday: 6 days away, nobody is reminded
        assert await app.services.reminders.fire_due(reminder.id) is not None
        await app.services.broadcasts.start_due()

        async with app.sessions() as session:
            query = select(Delivery.chat_id, Delivery.payload).where(
                Delivery.broadcast_id.is_not(None)
            )
            sent = (await session.execute(query)).all()
            totals = (await session.scalars(select(Broadcast.total))).all()
            count = await session.scalar(select(func.count()).select_from(Broadcast))
    assert count == 2 and list(totals) == [1, 0]
    assert [chat for chat, _ in sent] == ["vy"]
    text = str(sent[0][1]["text"])
    assert "Phạm Văn Vĩnh" in text
    assert "Phòng Văn hóa và Thông tin thành phố Vĩnh Yên chưa nộp báo cáo kỳ «Năm 2026»" in text
    assert "hạn nộp 10/03/2026" in text
