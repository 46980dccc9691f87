"""The sending calendar: quiet hours, weekends and public holidays.

Non-urgent broadcasts and reminders wait for the next allowed moment instead of waking people
at night or on a day off. Pure functions of the settings and a time; times are aware.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
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

    def _day_open(self, local: datetime) -> bool:
        return local.weekday() not in self._weekend and local.date() not in self._holidays

    def _quiet(self, moment: time) -> bool:
        start, end = self._quiet_start, self._quiet_end
        if start == end:
            return False
        if start < end:
            return start <= moment < end
        return moment >= start or moment < end
