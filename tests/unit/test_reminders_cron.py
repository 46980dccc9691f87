"""Cron expressions: standard weekday numbers, ranges and steps, invalid expressions, and
finding the firings missed between two moments."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot import errors
from bot.services.reminders import cron

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
# Monday 02/03/2026 09:00 in Hà Nội.
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZONE)


def local(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=ZONE)


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("0 9 * * 0", local(8, 9)),  # 0 is Sunday
        ("0 9 * * 7", local(8, 9)),  # so is 7
        ("0 9 * * 1", local(9, 9)),  # 1 is Monday; 09:00 today is not after now
        ("0 10 * * 1", local(2, 10)),
        ("0 9 * * 6", local(7, 9)),  # Saturday
        ("0 9 * * 2-4", local(3, 9)),  # Tuesday to Thursday
        ("0 9 * * 5-7", local(6, 9)),  # Friday to Sunday
        ("0 9 * * 0,3", local(4, 9)),  # Sunday or Wednesday
        ("0 9 * * mon", local(9, 9)),  # names work too
        ("0 9 * * 0-2", local(3, 9)),  # Sunday to Tuesday
        ("0 9 * * fri-sun", local(6, 9)),
        ("0 9 * * MON-FRI", local(3, 9)),
        ("0 9 * * */2", local(3, 9)),  # Sunday, Tuesday, Thursday, Saturday
        ("0 9 * * 1-5/2", local(4, 9)),  # Monday, Wednesday, Friday
        ("0 9 * * 4/2", local(5, 9)),  # Thursday and Saturday
        ("0 9 * * 6/2", local(7, 9)),
        ("30 8 * * *", local(3, 8, 30)),
        ("*/15 9 * * *", local(2, 9, 15)),
        ("0 9 1,15 * *", local(15, 9)),
        ("0 9 31 * *", local(31, 9)),
        ("0 0 1 1 *", datetime(2027, 1, 1, tzinfo=ZONE)),
    ],
)
def test_next_firing(expr: str, expected: datetime) -> None:
    assert cron.next_after(expr, ZONE, NOW) == expected


@pytest.mark.parametrize(
    ("expr", "weekdays"),
    [
        ("0 9 * * */2", [6, 1, 3, 5]),  # date.weekday(): Sunday is 6
        ("0 9 * * 0-6/3", [6, 2, 5]),
        ("0 9 * * 1,3,7", [0, 2, 6]),
        ("0 9 * * 1/2", [0, 2, 4]),
    ],
)
def test_weekday_lists_and_steps(expr: str, weekdays: list[int]) -> None:
    moment, seen = NOW, set()
    for _ in range(14):
        found = cron.next_after(expr, ZONE, moment)
        assert found is not None
        seen.add(found.weekday())
        moment = found
    assert seen == set(weekdays)


def test_times_are_in_the_given_zone() -> None:
    found = cron.next_after("0 9 * * *", ZONE, NOW.astimezone(UTC))
    assert found is not None
    assert found.astimezone(UTC) == datetime(2026, 3, 3, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "expr",
    [
        "",
        "0 9 * *",  # four fields
        "0 9 * * * *",  # six fields
        "60 9 * * *",  # minute out of range
        "0 24 * * *",
        "0 9 32 * *",
        "0 9 * 13 *",
        "0 9 * * 8",  # no weekday 8
        "0 9 * * funday",
        "0 9 * * 3-1",  # a backwards range
        "0 9 * * */0",
        "0 9 * * 1-",
        "0 9 31 2 *",  # 31 February never comes
        "x y z w v",
        "mỗi sáng thứ hai",
    ],
)
def test_invalid_expressions_are_refused(expr: str) -> None:
    with pytest.raises(errors.InvalidSchedule):
        cron.trigger(expr, ZONE)


@pytest.mark.parametrize(
    ("expr", "since", "now", "expected"),
    [
        ("30 9 * * *", local(2, 9), local(2, 9, 29), None),  # not yet
        ("30 9 * * *", local(2, 9), local(2, 9, 30), local(2, 9, 30)),  # exactly at its time
        ("30 9 * * *", local(2, 9), local(5, 12), local(5, 9, 30)),  # the latest of several
        ("30 9 * * *", local(2, 9, 30), local(2, 12), None),  # already handled
        ("0 8 * * 1", local(2, 9), local(8, 23), None),  # next Monday not reached
        ("* * * * *", local(2, 9), local(2, 10), local(2, 10)),  # minutely, an hour later
    ],
)
def test_latest_due(expr: str, since: datetime, now: datetime, expected: datetime | None) -> None:
    assert cron.latest_due(expr, ZONE, since, now) == expected
