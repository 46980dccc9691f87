"""The year's milestones: their days and states, the Office's count of the units that have not
acted, and the milestones' reminders, which reach only the heads of those units."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot import errors
from bot.app import App, open_app
from bot.config import Settings
from bot.ports import Channel
from bot.roles import Role
from bot.services.common.views import MemberView
from bot.services.milestones import MilestoneState
from models import AuditEntry, Broadcast, Delivery, Unit, UnitRegistration, VoteList
from scheduler import build_scheduler
from scheduler.reminders import fire_reminder, sync_jobs
from tests.conftest import make_settings
from tests.factories import join
from tests.fakes.clock import FakeClock

# The fake clock starts on Monday 02/03/2026 at 09:00 in Hà Nội.
MILESTONES: list[dict[str, Any]] = [
    {"key": "registration", "on": "03-10", "remind_days_before": [7]},
    {"key": "midyear_review", "on": "03-02", "remind_days_before": [1], "who": "office"},
    {"key": "unit_reports", "on": "03-20", "remind_days_before": [1]},
    {"key": "council_session", "on": "03-04", "remind_days_before": [1]},
    {"key": "vote_lists", "on": "11-20", "remind_days_before": [7, 1]},
    {"key": "tong_ket", "on": "01-15", "name": "Hội nghị tổng kết năm", "who": "all"},
]
SUMMARY = "Hoàn thành toàn bộ chỉ tiêu thi đua năm."


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url, milestones=MILESTONES)


@asynccontextmanager
async def running(settings: Settings, clock: FakeClock) -> AsyncIterator[App]:
    """Open the core on the test database (a second one on the same database is a restart)."""
    core = await open_app(settings, clock=clock, run_migrations=False)
    try:
        yield core
    finally:
        await core.close()


async def member(app: App, account: str) -> MemberView:
    found = await app.services.members.find(Channel.CONSOLE, account)
    assert found is not None
    return found


async def people(app: App) -> dict[str, MemberView]:
    """The Office, two unit heads and a member of staff."""
    await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await join(app, "cntt", "CNTT", Role.UNIT_HEAD, "Trần Thị Trưởng")
    await join(app, "vy", "VHTT-VY", Role.UNIT_HEAD, "Phạm Văn Vĩnh")
    await join(app, "nv", "VHTT-VY", Role.STAFF, "Nguyễn Văn Viên")
    return {name: await member(app, name) for name in ("vp", "cntt", "vy", "nv")}


async def unit(app: App, code: str) -> int:
    async with app.sessions() as session:
        found = await session.scalar(select(Unit.id).where(Unit.code == code))
    assert found is not None
    return found


async def register(app: App, code: str, year: int) -> None:
    async with app.sessions.begin() as session:
        session.add(
            UnitRegistration(
                year=year, unit_id=await unit(app, code), registered_at=app.clock.now()
            )
        )


async def vote_list(app: App, code: str, year: int, state: str) -> None:
    async with app.sessions.begin() as session:
        session.add(
            VoteList(
                code=f"BX-{code}-{state}"[:16],
                year=year,
                unit_id=await unit(app, code),
                state=state,
                created_at=app.clock.now(),
            )
        )


async def sent_to(app: App) -> list[str]:
    """The chats the reminders' broadcasts were delivered to."""
    async with app.sessions() as session:
        chats = await session.scalars(
            select(Delivery.chat_id)
            .where(Delivery.broadcast_id.is_not(None))
            .order_by(Delivery.id)
        )
        return list(chats)


async def test_the_office_sees_each_milestone_with_who_has_not_acted(app: App) -> None:
    who = await people(app)
    await register(app, "CNTT", 2026)
    await register(app, "VP", 2025)  # last year's registration does not count
    await vote_list(app, "CNTT", 2026, "submitted")
    await vote_list(app, "VHTT-VY", 2026, "draft")
    await vote_list(app, "VP", 2026, "returned")

    view = await app.services.milestones.year(who["vp"], 2026)
    assert view.units == 3 and view.today == date(2026, 3, 2)
    by_key = {m.key: m for m in view.milestones}
    assert [m.key for m in view.milestones] == [
        "tong_ket",
        "midyear_review",
        "council_session",
        "registration",
        "unit_reports",
        "vote_lists",
    ]
    assert [m.state for m in view.milestones][:3] == [
        MilestoneState.PAST,
        MilestoneState.TODAY,
        MilestoneState.COMING,
    ]
    assert [m.key for m in view.milestones if m.is_next] == ["midyear_review"]
    assert by_key["tong_ket"].name == "Hội nghị tổng kết năm"
    assert by_key["registration"].name == "Hạn đăng ký thi đua của các đơn vị"
    assert by_key["registration"].pending == (
        "Văn phòng Sở",
        "Phòng Văn hóa và Thông tin thành phố Vĩnh Yên",
    )
    assert by_key["vote_lists"].pending == (
        "Văn phòng Sở",
        "Phòng Văn hóa và Thông tin thành phố Vĩnh Yên",
    )
    # No reporting period falls due by 20/03 yet: nothing to count.
    assert by_key["unit_reports"].counted and by_key["unit_reports"].pending is None
    assert by_key["midyear_review"].pending is None and not by_key["midyear_review"].counted


async def test_unit_reports_count_the_period_due_by_the_day(app: App) -> None:
    who = await people(app)
    reports = app.services.reports
    await reports.open_period(who["vp"], "Năm 2026 (sau ngày mốc)", date(2026, 3, 25))
    period = await reports.open_period(who["vp"], "Quý I/2026", date(2026, 3, 18))
    await reports.submit(who["cntt"], period.id, SUMMARY, SUMMARY, [])

    view = await app.services.milestones.year(who["vp"], 2026)
    [reports_due] = [m for m in view.milestones if m.key == "unit_reports"]
    assert reports_due.period == "Quý I/2026"
    assert reports_due.pending == ("Văn phòng Sở", "Phòng Văn hóa và Thông tin thành phố Vĩnh Yên")
    assert reports_due.can_act

    found = await app.services.milestones.pending(who["vp"], 2026, "unit_reports")
    assert found.units == 3
    assert [(u.code, u.heads) for u in found.pending] == [
        ("VP", ()),
        ("VHTT-VY", ("Phạm Văn Vĩnh",)),
    ]


async def test_lower_roles_read_the_days_but_not_who_has_not_acted(app: App) -> None:
    who = await people(app)
    for role in ("cntt", "nv"):
        view = await app.services.milestones.year(who[role], 2027)
        assert view.units is None and not view.for_office
        assert all(m.pending is None for m in view.milestones)
        assert all(m.state is MilestoneState.COMING for m in view.milestones)
        assert view.milestones[0].is_next
        with pytest.raises(errors.NotAllowed):
            await app.services.milestones.pending(who[role], 2026, "registration")
        with pytest.raises(errors.NotAllowed):
            await app.services.milestones.export(who[role], 2026)
    with pytest.raises(errors.UnknownMilestone):
        await app.services.milestones.pending(who["vp"], 2026, "midyear_review")
    with pytest.raises(errors.MilestoneYearOutOfRange):
        await app.services.milestones.year(who["vp"], 12026)


async def test_a_milestone_reminder_reaches_only_the_heads_who_have_not_acted(
    app: App, clock: FakeClock
) -> None:
    await people(app)
    await register(app, "CNTT", 2026)
    office = await member(app, "vp")
    reminders = {r.key: r for r in await app.services.reminders.all(office)}
    assert set(reminders) == {
        "milestone.registration.7",
        "milestone.midyear_review.1",
        "milestone.unit_reports.1",
        "milestone.council_session.1",
        "milestone.vote_lists.7",
        "milestone.vote_lists.1",
    }
    reminder = reminders["milestone.registration.7"]
    assert reminder.cron == "0 8 3 3 *"
    assert reminder.name == "Lịch thi đua: Hạn đăng ký thi đua của các đơn vị (nhắc trước 7 ngày)"

    zone = app.settings.organisation.zone
    scheduler = build_scheduler(app.services, zone, timedelta(hours=6))
    scheduler.start(paused=True)
    try:
        await sync_jobs(scheduler, app.services, zone, timedelta(hours=6))
        job = scheduler.get_job(f"reminder:{reminder.id}")
    finally:
        scheduler.shutdown(wait=False)
    assert job is not None and job.func is fire_reminder
    local = job.next_run_time.astimezone(zone)
    assert (local.month, local.day, local.hour) == (3, 3, 8)

    clock.advance(hours=23)  # Tuesday 03/03 08:00: seven days before the deadline
    await fire_reminder(app.services, reminder.id)
    await app.services.broadcasts.start_due()
    assert await sent_to(app) == ["vy"]
    async with app.sessions() as session:
        [delivery] = await session.scalars(
            select(Delivery.payload).where(Delivery.broadcast_id.is_not(None))
        )
    text = str(delivery["text"])
    assert "Phạm Văn Vĩnh" in text
    assert "Phòng Văn hóa và Thông tin thành phố Vĩnh Yên chưa đăng ký thi đua năm nay" in text
    assert "Hạn đăng ký: ngày 10/03 (còn 7 ngày)" in text


async def test_nothing_is_sent_when_every_unit_has_acted(app: App, clock: FakeClock) -> None:
    await people(app)
    for code in ("VP", "CNTT", "VHTT-VY"):
        await register(app, code, 2026)
    office = await member(app, "vp")
    [reminder] = [
        r for r in await app.services.reminders.all(office) if r.key == "milestone.registration.7"
    ]
    clock.advance(hours=23)
    await fire_reminder(app.services, reminder.id)
    await app.services.broadcasts.start_due()
    async with app.sessions() as session:
        totals = list(await session.scalars(select(Broadcast.total)))
    assert totals == [0]
    assert await sent_to(app) == []


async def test_vote_list_and_office_reminders_reach_their_people(
    app: App, clock: FakeClock
) -> None:
    await people(app)
    await vote_list(app, "CNTT", 2026, "received")
    await vote_list(app, "VHTT-VY", 2026, "returned")
    office = await member(app, "vp")
    reminders = {r.key: r.id for r in await app.services.reminders.all(office)}
    clock.advance(hours=23)  # Tuesday 03/03 08:00: the council meets tomorrow
    assert await app.services.reminders.fire_due(reminders["milestone.council_session.1"])
    await app.services.broadcasts.start_due()
    assert await sent_to(app) == ["vp"]  # the Office acts: nobody else is told
    clock.advance(days=255)  # Friday 13/11 08:00, a week before the vote lists are due
    assert await app.services.reminders.fire_due(reminders["milestone.vote_lists.7"])
    await app.services.broadcasts.start_due()
    # CNTT's list was received; the others' were returned or never sent.
    assert await sent_to(app) == ["vp", "vy"]


async def test_changed_reminder_days_retire_the_old_reminders(
    database_url: str, clock: FakeClock
) -> None:
    first = make_settings(database_url, milestones=MILESTONES)
    async with running(first, clock) as app:
        await people(app)
        office = await member(app, "vp")
        listed = {r.key: r for r in await app.services.reminders.all(office)}
        await app.services.reminders.set_paused(
            office, listed["milestone.vote_lists.1"].id, paused=True
        )
    changed = [
        {**MILESTONES[0], "remind_days_before": [3]},
        {**MILESTONES[4], "on": "11-25"},
    ]
    async with running(make_settings(database_url, milestones=changed), clock) as app:
        office = await member(app, "vp")
        listed = {r.key: r for r in await app.services.reminders.all(office)}
        async with app.sessions() as session:
            retired = list(
                await session.scalars(
                    select(AuditEntry.after["key"].as_string()).where(
                        AuditEntry.action == "reminder.retire"
                    )
                )
            )
    assert set(listed) == {
        "milestone.registration.3",
        "milestone.vote_lists.7",
        "milestone.vote_lists.1",
    }
    assert listed["milestone.registration.3"].cron == "0 8 7 3 *"
    assert listed["milestone.vote_lists.1"].cron == "0 8 24 11 *"
    assert listed["milestone.vote_lists.1"].paused  # the Office's pause is kept
    assert sorted(retired) == [
        "milestone.council_session.1",
        "milestone.midyear_review.1",
        "milestone.registration.7",
        "milestone.unit_reports.1",
    ]
