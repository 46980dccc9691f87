"""The housekeeping jobs, and the scheduler that runs them."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.app import App
from bot.config_schedules import InboxSettings
from bot.ports import Channel
from bot.roles import Role
from models import Delivery, DialogState, ProcessedUpdate
from scheduler import CLOSING_JOB, DIGEST_JOB, INBOX_JOB, JOB_IDS, build_scheduler, jobs
from tests.factories import invite_token
from tests.fakes.clock import FakeClock
from tests.fakes.people import Person


async def test_scheduler_registers_each_job_once_with_its_trigger(app: App) -> None:
    zone = app.settings.organisation.zone
    scheduler = build_scheduler(app.services, zone, timedelta(hours=1))
    scheduler.start(paused=True)
    try:
        found = {job.id: job for job in scheduler.get_jobs()}
    finally:
        scheduler.shutdown(wait=False)
    assert sorted(found) == sorted(JOB_IDS)
    expire, forget = found["expire_dialogs"], found["forget_old_updates"]
    assert expire.func is jobs.expire_dialogs
    assert expire.args == (app.services,)
    assert expire.trigger.interval == timedelta(minutes=1)
    assert forget.func is jobs.forget_old_updates
    assert forget.args == (app.services,)
    assert str(forget.trigger) == "cron[hour='3', minute='17']"
    assert forget.trigger.timezone == zone
    local = forget.next_run_time.astimezone(zone)
    assert (local.hour, local.minute) == (3, 17)
    assert all(job.coalesce and job.max_instances == 1 for job in found.values())


async def test_expired_dialog_is_closed_and_its_person_told(app: App, clock: FakeClock) -> None:
    lan = Person(app.router, "lan")
    await lan.send(f"/start {await invite_token(app, 'CNTT', Role.STAFF)}")
    clock.advance(minutes=app.settings.dialogs.timeout_minutes - 10)
    minh = Person(app.router, "minh")
    await minh.send(f"/start {await invite_token(app, 'CNTT', Role.STAFF)}")
    clock.advance(minutes=11)

    await jobs.expire_dialogs(app.services)

    async with app.sessions() as session:
        notices = (await session.scalars(select(Delivery))).all()
        still_open = (await session.scalars(select(DialogState.user_id))).all()
    assert [(d.channel, d.chat_id) for d in notices] == [(Channel.CONSOLE, "lan")]
    assert notices[0].payload["text"] == app.texts.t("dialog.expired_notice")
    assert still_open == ["minh"]
    await lan.send("Nguyễn Thị Lan")
    assert "lời mời" in lan.text  # a stranger again, not someone mid-registration
    assert await app.services.members.find(Channel.CONSOLE, "lan") is None


async def test_expire_dialogs_with_nothing_to_expire_queues_nothing(
    app: App, clock: FakeClock
) -> None:
    lan = Person(app.router, "lan")
    await lan.send(f"/start {await invite_token(app, 'CNTT', Role.STAFF)}")
    await jobs.expire_dialogs(app.services)
    assert (await app.services.outbox.counts()).by_status == {}


async def test_updates_older_than_two_days_are_forgotten(app: App, clock: FakeClock) -> None:
    lan = Person(app.router, "lan", channel=Channel.TELEGRAM)
    await lan.send("xin chào")  # update lan-1
    clock.advance(days=1)
    await lan.send("có ai không")  # update lan-2
    clock.advance(days=1, minutes=1)

    await jobs.forget_old_updates(app.services)

    async with app.sessions() as session:
        kept = (await session.scalars(select(ProcessedUpdate.update_key))).all()
    assert kept == ["lan-2"]


async def test_the_inbox_notices_run_at_the_configured_interval_and_only_when_on(
    app: App,
) -> None:
    zone = app.settings.organisation.zone
    inbox = app.settings.inbox
    scheduler = build_scheduler(app.services, zone, timedelta(hours=1), inbox=inbox)
    scheduler.start(paused=True)
    try:
        found = {job.id: job for job in scheduler.get_jobs()}
    finally:
        scheduler.shutdown(wait=False)
    assert found[INBOX_JOB].func is jobs.tell_inbox_arrivals
    assert found[INBOX_JOB].trigger.interval == timedelta(minutes=5)
    assert found[DIGEST_JOB].func is jobs.send_inbox_digests
    assert found[DIGEST_JOB].trigger.interval == timedelta(minutes=1)
    assert found[CLOSING_JOB].func is jobs.tell_periods_closing
    assert all(found[job].args == (app.services,) for job in (INBOX_JOB, DIGEST_JOB, CLOSING_JOB))
    assert (inbox.notice_minutes, inbox.closing_days) == (5, 3)  # on by default


async def test_inbox_jobs_switched_off_in_the_settings_are_not_scheduled(app: App) -> None:
    off = {role.value: {"every": "off"} for role in Role}
    inbox = InboxSettings.model_validate({"notice_minutes": 0, "closing_days": 0, "digest": off})
    zone = app.settings.organisation.zone
    scheduler = build_scheduler(app.services, zone, timedelta(hours=1), inbox=inbox)
    scheduler.start(paused=True)
    try:
        found = {job.id for job in scheduler.get_jobs()}
    finally:
        scheduler.shutdown(wait=False)
    assert sorted(found) == sorted(JOB_IDS)
