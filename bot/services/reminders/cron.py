"""Cron expressions with the standard weekday numbers (0 or 7 is Sunday), on APScheduler 3.

APScheduler 3 reads a numeric weekday as Monday-based and ignores steps in weekday ranges; the
weekday field is expanded here into a list of names so ``0 9 * * 1`` means Monday 09:00,
``0-2`` Sunday to Tuesday and ``*/2`` Sunday, Tuesday, Thursday, Saturday as everywhere else.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from bot import errors

_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY = re.compile(r"^(\*|[0-7a-z]+(?:-[0-7a-z]+)?)(?:/([1-9]))?$")
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
    fields[4] = _weekdays(fields[4].lower())
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


def _weekday(text: str) -> int:
    if text.isdigit() and int(text) <= 7:
        return int(text)
    if text in _NAMES:
        return _NAMES.index(text)
    raise errors.InvalidSchedule


def _weekdays(field: str) -> str:
    """The weekday field (standard numbers, 0 or 7 is Sunday) as a list of names."""
    if field == "*":
        return field
    days: set[int] = set()
    for part in field.split(","):
        match = _WEEKDAY.match(part)
        if match is None:
            raise errors.InvalidSchedule
        base, step = match.group(1), int(match.group(2) or 1)
        if base == "*":
            low, high = 0, 6
        elif "-" in base:
            low, high = (_weekday(end) for end in base.split("-"))
            high = 7 if high == 0 < low else high  # "fri-sun"
        else:
            low = _weekday(base)
            high = 6 if match.group(2) else low  # "1/2": Monday, Wednesday, Friday
        if low > high:
            raise errors.InvalidSchedule
        days.update(day % 7 for day in range(low, high + 1, step))
    return ",".join(_NAMES[day] for day in sorted(days))


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
