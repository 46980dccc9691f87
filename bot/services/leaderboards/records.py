"""Values of the leaderboards: periods, board rows, boards, explanations and chart images."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class PeriodKind(StrEnum):
    """The periods a board can cover."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    PLAN = "plan"
    CUSTOM = "custom"


@dataclass(frozen=True, slots=True)
class Period:
    """A span of days (both ends included, organisation time) and how to name it.

    Attributes:
        label: How people read it: "Tháng 3/2026", "Quý I/2026", "Năm 2026",
            "Kế hoạch 2021–2025", "01/03/2026–15/03/2026".
        annual: Whether it is a board of annual merit (ad-hoc rewards never count there).
    """

    kind: PeriodKind
    start: date
    end: date
    label: str
    annual: bool = True


@dataclass(frozen=True, slots=True)
class UnitRow:
    """A unit's place on a board; ``rank`` is shared by ties (1, 1, 3)."""

    rank: int
    unit_id: int
    code: str
    name: str
    kind: str
    members: int
    points: float
    per_member: float


@dataclass(frozen=True, slots=True)
class UnitBoard:
    """Units ranked by points per member (default) or in total."""

    period: Period
    rows: tuple[UnitRow, ...]
    per_member: bool
    unit_kind: str | None


@dataclass(frozen=True, slots=True)
class MemberRow:
    """A member's place on the individual board."""

    rank: int
    member_id: int
    full_name: str
    unit_name: str
    points: float


@dataclass(frozen=True, slots=True)
class MemberBoard:
    """The top members, and the viewer's own row when it is not among them."""

    period: Period
    rows: tuple[MemberRow, ...]
    mine: MemberRow | None
    ranked: int
    unit_kind: str | None


@dataclass(frozen=True, slots=True)
class ScoreLine:
    """One event behind a score, with the points it earns now and the item it came from.

    Attributes:
        code: The item's code ("SK-2026-0001", a nomination's code, a plan's version), or ""
            when it has none or is gone.
        title: The item's name: an initiative's title, a nomination's award, a reporting
            period's name, a plan's title; "" when unknown.
        member: Whose event it is, on a unit's explanation; "" for the unit's own events.
    """

    at: datetime
    kind: str
    entity: str
    entity_id: int
    share: int
    points: float
    code: str = ""
    title: str = ""
    member: str = ""


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a member or a unit has its score: the events, whose points add up to ``total``."""

    subject: str
    period: Period
    lines: tuple[ScoreLine, ...]
    total: float


@dataclass(frozen=True, slots=True)
class UnitMembers:
    """A unit's active members with their points in a period: ranked ones first (ties share
    a rank), then those without points by name, all at the rank after the last ranked."""

    unit_id: int
    unit_name: str
    period: Period
    rows: tuple[MemberRow, ...]


@dataclass(frozen=True, slots=True)
class ChartImage:
    """A rendered chart and what goes with it.

    Attributes:
        png: The image.
        caption: The photo's caption (short, plain).
        fallback: The top entries as text, for channels that cannot show the photo.
    """

    png: bytes
    caption: str
    fallback: str
