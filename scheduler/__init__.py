"""APScheduler setup: fixed jobs registered by stable id, in the organisation's time zone."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.config_schedules import InboxSettings
from bot.services import Services
from scheduler import jobs, reminders

JOB_IDS = ("expire_dialogs", "forget_old_updates", "sync_reminders")
INBOX_JOB = "tell_inbox_arrivals"
DIGEST_JOB = "send_inbox_digests"
CLOSING_JOB = "tell_periods_closing"
#: How often the digests look for a due slot (each slot is sent once, however often).
DIGEST_MINUTES = 1
#: How often periods closing soon are looked for (each unit is told once per period).
CLOSING_MINUTES = 10


def build_scheduler(
    services: Services,
    zone: ZoneInfo,
    grace: timedelta,
    *,
    inbox: InboxSettings | None = None,
) -> AsyncIOScheduler:
    """Create the scheduler with the housekeeping jobs (not started).

    Reminder jobs are added by :func:`scheduler.reminders.sync_jobs`, at start and then every
    minute by the ``sync_reminders`` job. With ``inbox``, the to-do inbox's notices that are
    switched on there: arrivals every ``notice_minutes`` (arrivals in between make one
    message), the digests when a role has one, and the periods closing soon.
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
    if inbox is not None:
        _add_inbox_jobs(scheduler, services, inbox)
    return scheduler


def _add_inbox_jobs(scheduler: AsyncIOScheduler, services: Services, inbox: InboxSettings) -> None:
    every = {
        INBOX_JOB: (jobs.tell_inbox_arrivals, inbox.notice_minutes),
        DIGEST_JOB: (jobs.send_inbox_digests, DIGEST_MINUTES if inbox.digest.any_on else 0),
        CLOSING_JOB: (jobs.tell_periods_closing, CLOSING_MINUTES if inbox.closing_days else 0),
    }
    for job_id, (job, minutes) in every.items():
        if minutes:
            scheduler.add_job(
                job,
                "interval",
                minutes=minutes,
                args=(services,),
                id=job_id,
                replace_existing=True,
            )
