"""Settings of timed sending: the sending calendar, broadcasts and the default reminders."""

from __future__ import annotations

import re
from datetime import date, time
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.roles import Role

AUDIENCE_KINDS = (
    "everyone",
    "not_confirmed",
    "no_initiative",
    "report_missing",
    "reviews_pending",
)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CRON_FIELD = re.compile(r"^[0-9A-Za-z*/,-]+$")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _clock_time(value: object) -> object:
    if isinstance(value, str):
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", value.strip())
        if match is None or int(match[1]) > 23 or int(match[2]) > 59:
            msg = f"{value!r} is not a time of day like 21:00"
            raise ValueError(msg)
        return time(int(match[1]), int(match[2]))
    return value


class SendCalendarSettings(_Frozen):
    """When non-urgent messages may go out (organisation time zone)."""

    quiet_start: time = time(21, 0)
    quiet_end: time = time(7, 0)
    weekend_days: tuple[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"], ...] = (
        "sat",
        "sun",
    )
    holidays: tuple[date, ...] = ()

    _times = field_validator("quiet_start", "quiet_end", mode="before")(_clock_time)

    @property
    def weekend_numbers(self) -> frozenset[int]:
        """The weekend days as ``date.weekday()`` numbers (Monday is 0)."""
        return frozenset(WEEKDAYS.index(day) for day in self.weekend_days)


class BroadcastSettings(_Frozen):
    """Broadcast composition limits and progress reporting."""

    max_text: int = Field(default=3000, ge=100, le=3500)
    attachment_max_mb: int = Field(default=20, ge=1, le=50)
    progress_seconds: float = Field(default=3.0, gt=0)
    reminder_grace_minutes: int = Field(default=360, ge=0)


class SchedulerSettings(_Frozen):
    """Which process fires the timed jobs when several may (PostgreSQL, ``--role``)."""

    #: How often a process that does not lead tries to take the lead, and how often the leader
    #: checks that its lock's connection still answers (it stops at once when that ends).
    leader_retry_seconds: float = Field(default=10.0, ge=0.1, le=600)


class ReminderDefault(_Frozen):
    """A reminder created at start-up when its key is not in the database yet.

    ``name`` and ``text`` default to the texts ``reminder.defaults.<key>.name`` and
    ``.text`` of the text catalogue.
    """

    key: str = Field(pattern=r"^[a-z0-9_]{1,64}$")
    cron: str
    audience: Literal[
        "everyone",
        "not_confirmed",
        "no_initiative",
        "report_missing",
        "reviews_pending",
        "board_announcement",
        "board_unit_heads",
    ]
    due_in_days: tuple[int, ...] = ()
    urgent: bool = False
    paused: bool = False
    name: str = Field(default="", max_length=200)
    text: str = Field(default="", max_length=3000)

    @field_validator("cron")
    @classmethod
    def _five_fields(cls, value: str) -> str:
        fields = value.split()
        if len(fields) != 5 or not all(_CRON_FIELD.match(f) for f in fields):
            msg = "a cron expression has five fields: minute hour day month weekday"
            raise ValueError(msg)
        return " ".join(fields)

    @model_validator(mode="after")
    def _days_for_reports_only(self) -> ReminderDefault:
        if self.due_in_days and self.audience != "report_missing":
            msg = "due_in_days only applies to the report_missing audience"
            raise ValueError(msg)
        if any(d < 0 or d > 366 for d in self.due_in_days):
            msg = "due_in_days must be between 0 and 366"
            raise ValueError(msg)
        return self


class DigestSchedule(_Frozen):
    """When the members of one role get a digest of what still waits for them.

    ``daily`` digests go out on working days only (a day off of ``[calendar]`` has none: the
    next working day's digest says the same); a ``weekly`` one on ``weekday``, moved to the next
    allowed moment by the calendar when that day is off.
    """

    every: Literal["off", "daily", "weekly"]
    at: time = time(8, 0)
    weekday: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"] | None = None

    _times = field_validator("at", mode="before")(_clock_time)

    @model_validator(mode="after")
    def _weekday_for_weekly_only(self) -> DigestSchedule:
        if self.weekday is not None and self.every != "weekly":
            msg = 'weekday only applies to a weekly digest (every = "weekly")'
            raise ValueError(msg)
        return self

    @property
    def cron(self) -> str | None:
        """The schedule as a cron expression (organisation time), ``None`` when off."""
        if self.every == "off":
            return None
        day = (self.weekday or "mon") if self.every == "weekly" else "*"
        return f"{self.at.minute} {self.at.hour} * * {day}"


class DigestSettings(_Frozen):
    """The digest of each role: staff none; the Office and administrators every working day;
    unit heads, the council and leaders on Mondays; all at 08:00."""

    staff: DigestSchedule = DigestSchedule(every="off")
    unit_head: DigestSchedule = DigestSchedule(every="weekly", weekday="mon")
    office: DigestSchedule = DigestSchedule(every="daily")
    council: DigestSchedule = DigestSchedule(every="weekly", weekday="mon")
    leader: DigestSchedule = DigestSchedule(every="weekly", weekday="mon")
    admin: DigestSchedule = DigestSchedule(every="daily")

    def of(self, role: Role) -> DigestSchedule:
        """The digest schedule of ``role``."""
        schedule: DigestSchedule = getattr(self, role.value)
        return schedule

    @property
    def any_on(self) -> bool:
        """Whether any role has a digest."""
        return any(self.of(role).cron for role in Role)


class InboxSettings(_Frozen):
    """Telling people when work starts waiting for them (the to-do inbox's notices)."""

    # Arrivals within this many minutes are told in one message; 0 switches the notices off.
    notice_minutes: int = Field(default=5, ge=0, le=1440)
    # Heads of units that have not sent are told this many days before a period's deadline.
    closing_days: int = Field(default=3, ge=0, le=366)
    digest: DigestSettings = DigestSettings()
