"""The periods a leaderboard covers, named in Vietnamese, and their UTC bounds."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot import errors
from bot.dates import day_text
from bot.services.leaderboards.records import Period, PeriodKind
from bot.texts import Texts

#: The longest custom range: a whole plan is five years, so ten leaves room without letting a
#: typo ("0026") scan the ledger since antiquity.
MAX_CUSTOM_YEARS = 10

#: Used when the plan title names no years ("… (2021-2025) …" usually does).
DEFAULT_PLAN_YEARS = (2021, 2025)

_ROMAN = ("I", "II", "III", "IV")
_YEARS = re.compile(r"((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)")


def plan_years(title: str) -> tuple[int, int]:
    """The first and last year a plan title names ("Kế hoạch 05 năm (2021-2025)")."""
    found = _YEARS.search(title)
    if found is None:
        return DEFAULT_PLAN_YEARS
    first, last = int(found.group(1)), int(found.group(2))
    return (first, last) if first <= last else DEFAULT_PLAN_YEARS


def plan_file_years(path: Path) -> tuple[int, int]:
    """The years named by the title (first non-empty line) of the disseminated plan file."""
    try:
        with path.open(encoding="utf-8") as file:
            title = next((line for line in file if line.strip()), "")
    except OSError:
        return DEFAULT_PLAN_YEARS
    return plan_years(title)


def make_period(
    texts: Texts,
    kind: PeriodKind,
    today: date,
    years: tuple[int, int],
    start: date | None = None,
    end: date | None = None,
) -> Period:
    """The period of ``kind`` around ``today`` (organisation date), or the custom range.

    Raises:
        BadBoardPeriod: A custom range lacks an end, ends before it starts or is too long.
    """
    if kind is PeriodKind.MONTH:
        first = today.replace(day=1)
        label = texts.t("board.period.month", month=today.month, year=today.year)
        return Period(kind, first, _next_month(first) - timedelta(days=1), label)
    if kind is PeriodKind.QUARTER:
        index = (today.month - 1) // 3
        first = date(today.year, 3 * index + 1, 1)
        last = _next_month(_next_month(_next_month(first))) - timedelta(days=1)
        label = texts.t("board.period.quarter", quarter=_ROMAN[index], year=today.year)
        return Period(kind, first, last, label)
    if kind is PeriodKind.YEAR:
        label = texts.t("board.period.year", year=today.year)
        return Period(kind, date(today.year, 1, 1), date(today.year, 12, 31), label)
    if kind is PeriodKind.PLAN:
        label = texts.t("board.period.plan", first=years[0], last=years[1])
        return Period(kind, date(years[0], 1, 1), date(years[1], 12, 31), label)
    if start is None or end is None or end < start or _too_long(start, end):
        raise errors.BadBoardPeriod(years=MAX_CUSTOM_YEARS)
    label = texts.t("board.period.custom", start=day_text(start), end=day_text(end))
    return Period(kind, start, end, label)


def utc_bounds(period: Period, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """[from, to) in UTC: local midnight of the first day to local midnight after the last."""
    low = datetime.combine(period.start, time(), zone)
    high = datetime.combine(period.end + timedelta(days=1), time(), zone)
    return low.astimezone(UTC), high.astimezone(UTC)


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _too_long(start: date, end: date) -> bool:
    try:
        limit = start.replace(year=start.year + MAX_CUSTOM_YEARS)
    except ValueError:  # 29 February
        limit = date(start.year + MAX_CUSTOM_YEARS, 3, 1)
    return end >= limit
