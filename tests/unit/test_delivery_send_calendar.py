"""The sending calendar: quiet hours (overnight or not), weekends, holidays, the horizon."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.config_schedules import SendCalendarSettings
from bot.services.delivery.send_calendar import SendCalendar

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
# Quiet 21:00–07:00, weekend Saturday and Sunday, Thursday 05/03/2026 a holiday.
DEFAULT = SendCalendarSettings(holidays=(date(2026, 3, 5),))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of March 2026 in Hà Nội (02/03 is a Monday)."""
    return datetime(2026, 3, day, hour, minute, tzinfo=ZONE)


@pytest.mark.parametrize(
    ("moment", "allowed", "next_allowed"),
    [
        (at(2, 9), True, at(2, 9)),  # Monday morning
        (at(2, 7), True, at(2, 7)),  # the window opens at 07:00 sharp
        (at(2, 6, 59), False, at(2, 7)),
        (at(2, 20, 59), True, at(2, 20, 59)),
        (at(2, 21), False, at(3, 7)),  # the quiet time starts at 21:00 sharp
        (at(2, 23, 30), False, at(3, 7)),  # overnight: the next morning
        (at(3, 0, 30), False, at(3, 7)),  # after midnight: the same morning
        (at(4, 22), False, at(6, 7)),  # Wednesday night, Thursday a holiday: Friday
        (at(5, 10), False, at(6, 7)),  # the holiday itself
        (at(6, 21, 30), False, at(9, 7)),  # Friday night: after the weekend
        (at(7, 10), False, at(9, 7)),  # Saturday
        (at(8, 23), False, at(9, 7)),  # Sunday night
    ],
)
def test_default_calendar(moment: datetime, allowed: bool, next_allowed: datetime) -> None:
    calendar = SendCalendar(DEFAULT, ZONE)
    assert calendar.allowed(moment) is allowed
    assert calendar.next_allowed(moment) == next_allowed


def test_next_allowed_keeps_the_callers_time_zone() -> None:
    calendar = SendCalendar(DEFAULT, ZONE)
    found = calendar.next_allowed(at(2, 23).astimezone(UTC))
    assert found.tzinfo is UTC
    assert found == datetime(2026, 3, 3, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "allowed", "next_allowed"),
    [
        (at(2, 21, 59), True, at(2, 21, 59)),
        (at(2, 22), False, at(3, 6)),
        (at(3, 5, 59), False, at(3, 6)),
        (at(7, 12), True, at(7, 12)),  # no weekend configured: Saturday is a working day
    ],
)
def test_configured_quiet_hours_and_no_weekend(
    moment: datetime,
    allowed: bool,
    next_allowed: datetime,
) -> None:
    settings = SendCalendarSettings(quiet_start=time(22), quiet_end=time(6), weekend_days=())
    calendar = SendCalendar(settings, ZONE)
    assert calendar.allowed(moment) is allowed
    assert calendar.next_allowed(moment) == next_allowed


def test_no_quiet_time_when_start_equals_end() -> None:
    settings = SendCalendarSettings(quiet_start=time(0), quiet_end=time(0))
    calendar = SendCalendar(settings, ZONE)
    assert calendar.allowed(at(2, 3))
    assert calendar.next_allowed(at(7, 10)) == at(9, 0)  # only the weekend waits


def test_a_quiet_window_within_a_day() -> None:
    settings = SendCalendarSettings(quiet_start=time(12), quiet_end=time(13))
    calendar = SendCalendar(settings, ZONE)
    assert calendar.allowed(at(2, 11, 59)) and calendar.allowed(at(2, 13))
    assert not calendar.allowed(at(2, 12, 30))
    assert calendar.next_allowed(at(2, 12, 30)) == at(2, 13)
    assert calendar.next_allowed(at(7, 10)) == at(9, 0)  # after the weekend: from midnight


def test_a_calendar_that_never_allows_gives_up_at_the_horizon() -> None:
    every_day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    calendar = SendCalendar(SendCalendarSettings(weekend_days=every_day), ZONE)
    assert not calendar.allowed(at(2, 10))
    assert calendar.next_allowed(at(2, 10)) == at(2, 10)  # no endless search: as asked


def test_a_holiday_far_ahead_within_the_horizon() -> None:
    holidays = tuple(date.fromordinal(date(2026, 3, 2).toordinal() + d) for d in range(300))
    calendar = SendCalendar(SendCalendarSettings(holidays=holidays, weekend_days=()), ZONE)
    assert calendar.next_allowed(at(2, 10)) == datetime(2026, 12, 27, 7, tzinfo=ZONE)
