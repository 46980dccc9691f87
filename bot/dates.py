"""Dates and times as people of the organisation write them: day before month, 24-hour clock.

One place for the forms, so a list, a notice and a workbook never disagree.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

#: A day as people write it, and the form typed answers take.
DAY_FORMAT = "%d/%m/%Y"
#: A moment as typed in answers and shown in short lists.
MOMENT_FORMAT = "%H:%M %d/%m/%Y"
#: A time of day.
TIME_FORMAT = "%H:%M"


def day_text(day: date) -> str:
    """``02/03/2026``."""
    return day.strftime(DAY_FORMAT)


def moment_text(at: datetime, zone: tzinfo) -> str:
    """``09:00 02/03/2026``, in ``zone``."""
    return at.astimezone(zone).strftime(MOMENT_FORMAT)


def time_text(at: datetime, zone: tzinfo) -> str:
    """``09:00``, in ``zone``."""
    return at.astimezone(zone).strftime(TIME_FORMAT)
