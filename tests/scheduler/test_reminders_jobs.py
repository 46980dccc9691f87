"""Reminder jobs on the scheduler: one per active reminder, kept in line with the database."""

from __future__ import annotations

from datetime import timedelta

from apscheduler.job import Job
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import select

from bot.app import App
from bot.config_schedules import ReminderDefault
from bot.ports import Channel
from bot.roles import Role
from bot.services.broadcasts.audiences import Audience, AudienceKind
from bot.services.common.views import MemberView
from bot.services.reminders.service import ReminderDraft
from models import Broadcast
from scheduler import build_scheduler
from scheduler.reminders import fire_reminder, sync_jobs
from tests.factories import join
from tests.fakes.clock import FakeClock

GRACE = timedelta(hours=6)


async def office(app: App) -> MemberView:
    await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    member = await app.services.members.find(Channel.CONSOLE, "vp")
    assert member is not None
    return member


async def create(app: App, actor: MemberView, expr: str) -> int:
    draft = ReminderDraft("Nhắc thử", "Nội dung", Audience(AudienceKind.EVERYONE), expr)
    return (await app.services.reminders.create(actor, draft)).id


def reminder_jobs(scheduler: AsyncIOScheduler) -> dict[str, Job]:
    return {job.id: job for job in scheduler.get_jobs() if job.id.startswith("reminder:")}


async def sync(app: App, scheduler: AsyncIOScheduler) -> dict[str, Job]:
    await sync_jobs(scheduler, app.services, app.settings.organisation.zone, GRACE)
    return reminder_jobs(scheduler)


async def test_one_job_per_active_reminder_in_the_organisation_zone(
    app: App, clock: FakeClock
) -> None:
    zone = app.settings.organisation.zone
    actor = await office(app)
    weekly = await create(app, actor, "0 9 * * 1")
    daily = await create(app, actor, "30 8 * * *")
    paused = await create(app, actor, "0 7 * * *")
    await app.services.reminders.set_paused(actor, paused, paused=True)
    scheduler = build_scheduler(app.services, zone, GRACE)
    scheduler.start(paused=True)
    try:
        found = await sync(app, scheduler)
        again = await sync(app, scheduler)
    finally:
        scheduler.shutdown(wait=False)

    assert sorted(found) == sorted([f"reminder:{weekly}", f"reminder:{daily}"])
    assert sorted(again) == sorted(found)
    job = found[f"reminder:{weekly}"]
    assert job.func is fire_reminder
    assert job.args == (app.services, weekly)
    assert job.trigger.timezone == zone
    assert job.misfire_grace_time == GRACE.total_seconds()
    # Weekday 1 is Monday (the scheduler itself runs on the real time).
    assert "day_of_week='mon'" in str(job.trigger)
    local = job.next_run_time.astimezone(zone)
    assert (local.weekday(), local.hour, local.minute) == (0, 9, 0)
    local = found[f"reminder:{daily}"].next_run_time.astimezone(zone)
    assert (local.hour, local.minute) == (8, 30)

    clock.advance(days=1)  # Tuesday 09:00: the daily one is due, the weekly one is not
    for run in (job, found[f"reminder:{daily}"], found[f"reminder:{daily}"]):
        await run.func(*run.args)
    async with app.sessions() as session:
        fired = (await session.scalars(select(Broadcast.reminder_id))).all()
    assert fired == [daily]


async def test_jobs_follow_cron_changes_pauses_and_deletions(app: App) -> None:
    zone = app.settings.organisation.zone
    actor = await office(app)
    default = ReminderDefault(
        key="weekly_check", cron="0 9 * * 1", audience="everyone", name="Tuần", text="Nhắc"
    )
    await app.services.reminders.sync_defaults([default])
    [configured] = await app.services.reminders.all(actor)
    kept = await create(app, actor, "0 10 * * *")
    removed = await create(app, actor, "0 11 * * *")
    scheduler = build_scheduler(app.services, zone, GRACE)
    scheduler.start(paused=True)
    try:
        before = await sync(app, scheduler)
        changed = default.model_copy(update={"cron": "0 14 * * 5"})
        await app.services.reminders.sync_defaults([changed])
        await app.services.reminders.set_paused(actor, kept, paused=True)
        await app.services.reminders.delete(actor, removed)
        after = await sync(app, scheduler)
        await app.services.reminders.set_paused(actor, kept, paused=False)
        resumed = await sync(app, scheduler)
    finally:
        scheduler.shutdown(wait=False)

    assert len(before) == 3
    assert list(after) == [f"reminder:{configured.id}"]
    local = after[f"reminder:{configured.id}"].next_run_time.astimezone(zone)
    assert (local.weekday(), local.hour) == (4, 14)  # 5 is Friday in cron
    assert after[f"reminder:{configured.id}"].name == "0 14 * * 5"
    assert sorted(resumed) == sorted([f"reminder:{configured.id}", f"reminder:{kept}"])
