"""Cron expressions with the standard weekday numbers (0 or 7 is Sunday), on APScheduler 3.

APScheduler 3 reads a numeric weekday as Monday-based; numbers are turned into names here so
``0 9 * * 1`` means Monday 09:00 as everywhere else.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from bot import errors

_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")
# A weekday number not preceded by "/" (after a slash it is a step).
_WEEKDAY_NUMBER = re.compile(r"(?<![/\d])([0-7])(?!\d)")
# Walking forward through missed firings stops here (a minutely cron over a long outage).
_MAX_STEPS = 100_000


def trigger(expr: str, zone: ZoneInfo) -> CronTrigger:
    """Build the trigger of a five-field cron expression.

    Raises:
        InvalidSchedule: The expression is not a valid cron expression.
    """
    fields = expr.split()
    if len(fields) != 5:
        raise errors.InvalidSchedule
    fields[4] = _WEEKDAY_NUMBER.sub(lambda m: _NAMES[int(m.group(1))], fields[4])
    try:
        made = CronTrigger(
            minute=fields[0],
            hour=fields[1],
            day=fields[2],
            month=fields[3],
            day_of_week=fields[4],
            timezone=zone,
        )
    except ValueError:
        raise errors.InvalidSchedule from None
    if made.get_next_fire_time(None, datetime(2000, 1, 1, tzinfo=zone)) is None:
        raise errors.InvalidSchedule
    return made


def next_after(expr: str, zone: ZoneInfo, after: datetime) -> datetime | None:
    """The first firing strictly after ``after``."""
    found: datetime | None = trigger(expr, zone).get_next_fire_time(
        None, after + timedelta(microseconds=1)
    )
    return found


def latest_due(expr: str, zone: ZoneInfo, since: datetime, now: datetime) -> datetime | None:
    """The last firing in ``(since, now]``, or ``None`` when there was none."""
    made = trigger(expr, zone)
    found: datetime | None = None
    moment = made.get_next_fire_time(None, since + timedelta(microseconds=1))
    for _ in range(_MAX_STEPS):
        if moment is None or moment > now:
            break
        found = moment
        moment = made.get_next_fire_time(found, found + timedelta(seconds=1))
    return found
