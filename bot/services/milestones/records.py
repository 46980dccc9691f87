"""The values the milestone service returns: a year's milestones, and who has not acted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.config_milestones import Who

#: The names of the milestones the bot knows (literal keys, so the catalogue test sees them).
NAMES: dict[str, str] = {
    "registration": "milestone.defaults.registration",
    "midyear_review": "milestone.defaults.midyear_review",
    "unit_reports": "milestone.defaults.unit_reports",
    "vote_lists": "milestone.defaults.vote_lists",
    "public_listing": "milestone.defaults.public_listing",
    "council_session": "milestone.defaults.council_session",
    "decision": "milestone.defaults.decision",
    "statistics_report": "milestone.defaults.statistics_report",
}


class MilestoneState(StrEnum):
    """Where a milestone's day is from today."""

    PAST = "past"
    TODAY = "today"
    COMING = "coming"


@dataclass(frozen=True, slots=True)
class MilestoneView:
    """One milestone of a year.

    Attributes:
        is_next: The first milestone from today on (today's, or the next one).
        counted: The units that have not acted can be counted (registration, vote lists,
            unit reports).
        pending: For the Office, the names of the active units that have not acted, in unit
            order; ``None`` when not counted, not shown, or (unit reports) when no reporting
            period falls due by the day.
        period: The reporting period counted, for unit reports.
        can_act: Whether the pending units can still act (a closed period takes no report).
    """

    key: str
    name: str
    on: date
    state: MilestoneState
    is_next: bool
    remind_days_before: tuple[int, ...]
    who: Who
    counted: bool
    pending: tuple[str, ...] | None = None
    period: str = ""
    can_act: bool = True


@dataclass(frozen=True, slots=True)
class YearView:
    """A year's milestones in date order.

    Attributes:
        today: Today in the organisation's zone.
        units: For the Office, how many units are active (what pending counts are out of);
            ``None`` for other roles.
    """

    year: int
    today: date
    milestones: tuple[MilestoneView, ...]
    units: int | None

    @property
    def for_office(self) -> bool:
        """Whether the view carries the Office's counts."""
        return self.units is not None


@dataclass(frozen=True, slots=True)
class PendingUnit:
    """An active unit that has not acted, with its heads (active unit heads) by name."""

    code: str
    name: str
    heads: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PendingView:
    """A counted milestone and the units that have not acted, out of ``units`` active."""

    milestone: MilestoneView
    pending: tuple[PendingUnit, ...]
    units: int
