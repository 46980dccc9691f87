"""Dates and times as people of the organisation write them: day before month, 24-hour clock.

One place for the forms, so a list, a notice and a workbook never disagree: how a day is shown,
how a typed day is read (``1/3/26``, ``01/03/2026``, ``1-3-2026``), and the example dates texts
show, computed from today so they never go stale.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

#: A day as people write it, and the form typed answers take.
DAY_FORMAT = "%d/%m/%Y"
#: A moment as typed in answers and shown in short lists.
MOMENT_FORMAT = "%H:%M %d/%m/%Y"
#: A time of day.
TIME_FORMAT = "%H:%M"
#: A typed day: day, month, year separated by "/", "-" or "."; the year has 4 or 2 digits.
DAY_PATTERN = r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})"
_DAY = re.compile(DAY_PATTERN)
_CLOCK = r"(\d{1,2})[:hH](\d{2})"
_TIME_FIRST = re.compile(rf"{_CLOCK}\s+{DAY_PATTERN}")
_DATE_FIRST = re.compile(rf"{DAY_PATTERN}\s+{_CLOCK}")
#: A two-digit year is of this century: ``26`` is 2026.
CENTURY = 2000
#: The placeholders a text may use to show how to type a date (see :func:`examples`).
EXAMPLES = frozenset(
    {
        "example_day",
        "example_start",
        "example_end",
        "example_moment",
        "example_year",
        "example_today",
    }
)


@dataclass(frozen=True, slots=True)
class TypedDay:
    """A day as typed, before it is known to exist (``31/02/2026`` does not)."""

    day: int
    month: int
    year: int

    def text(self) -> str:
        """The day written in full: ``31/02/2026``."""
        return f"{self.day:02d}/{self.month:02d}/{self.year}"

    def date(self) -> date | None:
        """The day, or ``None`` when the calendar has no such day."""
        try:
            return date(self.year, self.month, self.day)
        except ValueError:
            return None


def read_day(text: str) -> TypedDay | None:
    """Read ``1/3/26``, ``01/03/2026``, ``1-3-2026`` or ``1.3.2026``; ``None`` for other text.

    A two-digit year ``yy`` is read as ``2000 + yy``.
    """
    match = _DAY.fullmatch(text.strip())
    return None if match is None else _typed_day(*match.groups())


def read_moment(text: str) -> tuple[TypedDay, int, int] | None:
    """Read ``08:00 1/3/26`` or ``01/03/2026 8h00`` as the day, the hour and the minute."""
    cleaned = " ".join(text.split())
    if match := _TIME_FIRST.fullmatch(cleaned):
        hour, minute, day, month, year = match.groups()
    elif match := _DATE_FIRST.fullmatch(cleaned):
        day, month, year, hour, minute = match.groups()
    else:
        return None
    return _typed_day(day, month, year), int(hour), int(minute)


def _typed_day(day: str, month: str, year: str) -> TypedDay:
    full_year = int(year) + (CENTURY if len(year) == 2 else 0)
    return TypedDay(int(day), int(month), full_year)


def day_text(day: date) -> str:
    """``02/03/2026``."""
    return day.strftime(DAY_FORMAT)


def moment_text(at: datetime, zone: tzinfo) -> str:
    """``09:00 02/03/2026``, in ``zone``."""
    return at.astimezone(zone).strftime(MOMENT_FORMAT)


def time_text(at: datetime, zone: tzinfo) -> str:
    """``09:00``, in ``zone``."""
    return at.astimezone(zone).strftime(TIME_FORMAT)


def examples(today: date, wanted: Iterable[str] = EXAMPLES) -> dict[str, str]:
    """The example dates among ``wanted`` (a text's placeholders), computed from ``today``.

    ``example_day`` is a deadline (the 15th of next month), ``example_start`` and
    ``example_end`` a period (the 1st of January to the end of this quarter),
    ``example_moment`` a time to send (08:00 tomorrow), ``example_year`` this year and
    ``example_today`` today (a date something was signed).
    """
    names = EXAMPLES.intersection(wanted)
    if not names:
        return {}
    next_month = today.replace(day=1) + timedelta(days=32)
    quarter_end = (today.month + 2) // 3 * 3
    last_day = calendar.monthrange(today.year, quarter_end)[1]
    every = {
        "example_day": day_text(next_month.replace(day=15)),
        "example_start": day_text(date(today.year, 1, 1)),
        "example_end": day_text(date(today.year, quarter_end, last_day)),
        "example_moment": f"08:00 {day_text(today + timedelta(days=1))}",
        "example_year": str(today.year),
        "example_today": day_text(today),
    }
    return {name: every[name] for name in names}
