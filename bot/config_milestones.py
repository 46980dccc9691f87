"""Settings of the emulation year's milestones (DESIGN §3.10, ``/lichthidua``): what falls due
on which day of the year, and who is reminded how many days before.

The days are the Office's own plan, not law, except the statistics report: TT 02/2023/TT-BNV
sets it on 15 December (``docs/configuration.md``). The checks across entries are
:func:`milestones_fault`, called by :class:`bot.config.Settings`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

#: The milestones the bot knows by key; their names are the texts ``milestone.defaults.<key>``.
KNOWN_KEYS: tuple[str, ...] = (
    "registration",
    "midyear_review",
    "unit_reports",
    "vote_lists",
    "public_listing",
    "council_session",
    "decision",
    "statistics_report",
)
#: The milestones whose "not acted yet" the bot can count: units that have not done it.
COUNTED_KEYS: frozenset[str] = frozenset({"registration", "unit_reports", "vote_lists"})
#: Whom a milestone's reminder goes to: the heads of the units that have not acted (counted
#: milestones only), the Office, or every member.
Who = Literal["unit_heads_pending", "office", "all"]
#: The day the upper level's yearly statistics are due (TT 02/2023/TT-BNV); unit reports to
#: the Office must fall due before it.
STATISTICS_DAY = "12-15"
#: The days are counted in a year with no 29 February, so every milestone is a day of every year.
REFERENCE_YEAR = 2025
DAY_PATTERN = r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
DaysBefore = Annotated[int, Field(ge=0, le=365)]


class Milestone(BaseModel):
    """One milestone of ``[[milestones]]``: a day of the emulation year (``MM-DD``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")
    on: str = Field(pattern=DAY_PATTERN)
    #: Unset: the text ``milestone.defaults.<key>`` (a custom key must name itself).
    name: str = Field(default="", max_length=200)
    #: A reminder goes out this many days before the day (0: on the day itself).
    remind_days_before: tuple[DaysBefore, ...] = ()
    #: Unset: the heads of the units that have not acted for a counted milestone, else the
    #: Office.
    who: Who | None = None

    @field_validator("on")
    @classmethod
    def _a_day_of_every_year(cls, value: str) -> str:
        month, day = (int(part) for part in value.split("-"))
        try:
            date(REFERENCE_YEAR, month, day)
        except ValueError as exc:
            msg = f"{value!r} is not a day of every year"
            raise ValueError(msg) from exc
        return value

    @field_validator("remind_days_before")
    @classmethod
    def _distinct_days(cls, days: tuple[int, ...]) -> tuple[int, ...]:
        if len(set(days)) != len(days):
            msg = "each number of days may appear once"
            raise ValueError(msg)
        return tuple(sorted(days, reverse=True))

    @property
    def counted(self) -> bool:
        """Whether the units that have not acted can be counted."""
        return self.key in COUNTED_KEYS

    @property
    def recipients(self) -> Who:
        """Whom the reminders go to."""
        if self.who is not None:
            return self.who
        return "unit_heads_pending" if self.counted else "office"

    def day(self, year: int) -> date:
        """The milestone's day in ``year``."""
        month, day = (int(part) for part in self.on.split("-"))
        return date(year, month, day)

    def reminder_days(self) -> tuple[tuple[int, int, int], ...]:
        """Each reminder as (days before, month, day): the yearly day it goes out on.

        Counted in a year with no 29 February: in a leap year a reminder counted back across
        that day goes out one day earlier than the number says.
        """
        on = self.day(REFERENCE_YEAR)
        found = []
        for before in self.remind_days_before:
            sent = on - timedelta(days=before)
            found.append((before, sent.month, sent.day))
        return tuple(found)


def milestones_fault(milestones: tuple[Milestone, ...]) -> tuple[str, str] | None:
    """The first inconsistent key of ``[[milestones]]`` and what is wrong with it, or ``None``."""
    keys = [m.key for m in milestones]
    if len(set(keys)) != len(keys):
        return "milestones", "milestone keys must be unique"
    for index, milestone in enumerate(milestones):
        fault = _milestone_fault(milestone)
        if fault is not None:
            key, message = fault
            return f"milestones[{index}].{key}", message
    days = {m.key: m.on for m in milestones}
    reports, statistics = days.get("unit_reports"), days.get("statistics_report")
    if reports is not None and statistics is not None and reports >= statistics:
        return (
            f"milestones[{keys.index('unit_reports')}].on",
            f"unit reports must fall due before the statistics report ({statistics})",
        )
    return None


def _milestone_fault(milestone: Milestone) -> tuple[str, str] | None:
    if milestone.key not in KNOWN_KEYS and not milestone.name.strip():
        return "name", f"a milestone of your own ({milestone.key!r}) needs a name"
    if milestone.who == "unit_heads_pending" and not milestone.counted:
        counted = ", ".join(sorted(COUNTED_KEYS))
        return "who", f"only {counted} know the units that have not acted"
    return None
