"""Working days of the sending calendar: a public listing's window of N working days opens the
day after publication and closes on its N-th working day, weekends and holidays skipped."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from bot.config_schedules import SendCalendarSettings
from bot.services.delivery.send_calendar import SendCalendar

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
# Weekend Saturday and Sunday, Thursday 05/03/2026 a holiday (02/03/2026 is a Monday).
DEFAULT = SendCalendar(SendCalendarSettings(holidays=(date(2026, 3, 5),)), ZONE)


def march(day: int) -> date:
    return date(2026, 3, day)


@pytest.mark.parametrize(
    ("start", "days", "closes_on"),
    [
        (march(2), 10, march(17)),  # Monday: the holiday and a weekend skipped
        (march(2), 1, march(3)),  # the day of publication is not counted
        (march(4), 1, march(6)),  # Wednesday: Thursday is a holiday
        (march(6), 1, march(9)),  # Friday: over the weekend
        (march(7), 1, march(9)),  # published on a Saturday
        (march(6), 5, march(13)),
        (march(7), 0, march(7)),  # no window: the day itself, even a day off
    ],
)
def test_a_window_closes_on_its_last_working_day(start: date, days: int, closes_on: date) -> None:
    assert DEFAULT.add_working_days(start, days) == closes_on


def test_working_days_are_neither_weekend_nor_holiday() -> None:
    assert [DEFAULT.working_day(march(d)) for d in range(2, 9)] == [
        True,
        True,
        True,
        False,  # the holiday
        True,
        False,  # Saturday
        False,  # Sunday
    ]


def test_tet_holidays_of_the_shipped_calendar_are_skipped() -> None:
    tet = tuple(date(2027, 2, d) for d in range(5, 11))
    calendar = SendCalendar(SendCalendarSettings(holidays=tet), ZONE)
    # Thursday 04/02/2027: Friday to Wednesday off, then Thursday 11/02 is the first day.
    assert calendar.add_working_days(date(2027, 2, 4), 1) == date(2027, 2, 11)
    assert calendar.add_working_days(date(2027, 2, 4), 10) == date(2027, 2, 24)


def test_without_a_weekend_every_day_that_is_no_holiday_counts() -> None:
    calendar = SendCalendar(SendCalendarSettings(weekend_days=()), ZONE)
    assert calendar.add_working_days(march(6), 2) == march(8)


def test_a_negative_window_or_a_calendar_without_working_days_is_refused() -> None:
    with pytest.raises(ValueError, match="-1 working days"):
        DEFAULT.add_working_days(march(2), -1)
    week = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    closed = SendCalendar(SendCalendarSettings(weekend_days=week), ZONE)
    with pytest.raises(ValueError, match="no working day"):
        closed.add_working_days(march(2), 1)
