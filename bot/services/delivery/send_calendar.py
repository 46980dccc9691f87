"""The sending calendar: quiet hours, weekends and public holidays.

Non-urgent broadcasts and reminders wait for the next allowed moment instead of waking people
at night or on a day off; windows counted in working days (a public listing's) skip the same
days off. Pure functions of the settings and a time; times are aware.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.config_schedules import SendCalendarSettings

# A calendar with every day off would never allow a send; give up after this many days.
_HORIZON_DAYS = 400


class SendCalendar:
    """Answers "may a non-urgent message go out at this time?" and "when next?"."""

    def __init__(self, settings: SendCalendarSettings, zone: ZoneInfo) -> None:
        self._quiet_start = settings.quiet_start
        self._quiet_end = settings.quiet_end
        self._weekend = settings.weekend_numbers
        self._holidays = frozenset(settings.holidays)
        self._zone = zone

    def allowed(self, at: datetime) -> bool:
        """Tell whether a non-urgent message may be sent at ``at``."""
        local = at.astimezone(self._zone)
        return self._day_open(local) and not self._quiet(local.time())

    def next_allowed(self, at: datetime) -> datetime:
        """Return ``at`` itself when allowed, else the start of the next allowed period."""
        if self.allowed(at):
            return at
        local = at.astimezone(self._zone)
        day = local.date()
        # A day's sending opens at midnight, or at quiet_end when the night is quiet.
        for _ in range(_HORIZON_DAYS):
            for opens in (time(0), self._quiet_end):
                start = datetime.combine(day, opens, self._zone)
                if start >= local and self.allowed(start):
                    return start.astimezone(at.tzinfo)
            day += timedelta(days=1)
        return at

    def working_day(self, day: date) -> bool:
        """Tell whether ``day`` is neither a weekend day nor a configured holiday."""
        return day.weekday() not in self._weekend and day not in self._holidays

    def add_working_days(self, start: date, days: int) -> date:
        """The last day of a window of ``days`` working days that opens the day after
        ``start``: the ``days``-th working day after it (``start`` itself when 0).

        Raises:
            ValueError: ``days`` is negative, or the calendar has no working day for a long
                stretch (every day of the week configured as weekend).
        """
        if days < 0:
            msg = f"a window cannot have {days} working days"
            raise ValueError(msg)
        day, counted, idle = start, 0, 0
        while counted < days:
            day += timedelta(days=1)
            if self.working_day(day):
                counted, idle = counted + 1, 0
                continue
            idle += 1
            if idle > _HORIZON_DAYS:
                msg = "the calendar has no working day"
                raise ValueError(msg)
        return day

    def _day_open(self, local: datetime) -> bool:
        return self.working_day(local.date())

    def _quiet(self, moment: time) -> bool:
        start, end = self._quiet_start, self._quiet_end
        if start == end:
            return False
        if start < end:
            return start <= moment < end
        return moment >= start or moment < end
