"""APScheduler setup: fixed jobs registered by stable id, in the organisation's time zone."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.services import Services
from scheduler import jobs

JOB_IDS = ("expire_dialogs", "forget_old_updates")


def build_scheduler(services: Services, zone: ZoneInfo) -> AsyncIOScheduler:
    """Create the scheduler with the housekeeping jobs (not started)."""
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
    return scheduler
