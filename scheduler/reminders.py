"""Reminders on the scheduler: one cron job per active reminder, by the stable id
``reminder:<id>``, kept in line with the database at start, on every change and every minute
(another process may have changed them)."""

from __future__ import annotations

import logging
from datetime import timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.base import BaseScheduler

from bot.services import Services
from bot.services.reminders import cron

logger = logging.getLogger(__name__)
JOB_PREFIX = "reminder:"


async def fire_reminder(services: Services, reminder_id: int) -> None:
    """Fire a reminder (the service makes sure each scheduled time fires once)."""
    broadcast = await services.reminders.fire_due(reminder_id)
    if broadcast is not None:
        logger.info("reminder %s fired as broadcast %s", reminder_id, broadcast)


async def sync_jobs(
    scheduler: BaseScheduler, services: Services, zone: ZoneInfo, grace: timedelta
) -> None:
    """Add, replace and remove reminder jobs to match the database."""
    wanted = await services.reminders.schedules()
    for job in scheduler.get_jobs():
        if job.id.startswith(JOB_PREFIX):
            rid = int(job.id.removeprefix(JOB_PREFIX))
            if wanted.get(rid) != job.name:
                scheduler.remove_job(job.id)
    present = {job.id for job in scheduler.get_jobs()}
    for rid, expr in wanted.items():
        if f"{JOB_PREFIX}{rid}" in present:
            continue
        scheduler.add_job(
            fire_reminder,
            cron.trigger(expr, zone),
            args=(services, rid),
            id=f"{JOB_PREFIX}{rid}",
            # The job's name holds its cron expression, to notice when it changes.
            name=expr,
            misfire_grace_time=max(1, int(grace.total_seconds())),
            coalesce=True,
            replace_existing=True,
        )
