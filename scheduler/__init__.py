"""APScheduler setup: fixed jobs registered by stable id, in the organisation's time zone."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.services import Services
from scheduler import jobs, reminders

JOB_IDS = ("expire_dialogs", "forget_old_updates", "sync_reminders")
INBOX_JOB = "tell_inbox_arrivals"


def build_scheduler(
    services: Services, zone: ZoneInfo, grace: timedelta, *, inbox_minutes: int = 0
) -> AsyncIOScheduler:
    """Create the scheduler with the housekeeping jobs (not started).

    Reminder jobs are added by :func:`scheduler.reminders.sync_jobs`, at start and then every
    minute by the ``sync_reminders`` job. With ``inbox_minutes``, people are told of newly
    waiting work every that many minutes (arrivals in between make one message).
    """
    scheduler = AsyncIOScheduler(
        timezone=zone,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
    )
    scheduler.add_job(
        jobs.expire_dialogs,
        "interval",
        minutes=1,
        args=(services,),
        id="expire_dialogs",
        replace_existing=True,
    )
    scheduler.add_job(
        jobs.forget_old_updates,
        "cron",
        hour=3,
        minute=17,
        args=(services,),
        id="forget_old_updates",
        replace_existing=True,
    )
    scheduler.add_job(
        reminders.sync_jobs,
        "interval",
        minutes=1,
        args=(scheduler, services, zone, grace),
        id="sync_reminders",
        replace_existing=True,
    )
    if inbox_minutes:
        scheduler.add_job(
            jobs.tell_inbox_arrivals,
            "interval",
            minutes=inbox_minutes,
            args=(services,),
            id=INBOX_JOB,
            replace_existing=True,
        )
    return scheduler
