"""Nominations as rows for a spreadsheet: the Office's lists for the emulation council.

One call reads every matching nomination with a fixed number of queries (the nominations with
their unit and movement, then the codes of the initiatives they cite), whatever their number.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, select, true
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from bot import errors
from bot.domain import NominationState, NomineeKind, Track
from bot.roles import OFFICE
from bot.services.common import MemberView, name_history
from bot.services.initiatives import ExportFilter
from models import (
    Decision,
    DecisionItem,
    Initiative,
    Movement,
    Nomination,
    NominationInitiative,
    Unit,
)

__all__ = [
    "NominationExportRow",
    "NominationExportService",
    "NominationFilter",
    "NominationState",
    "NomineeKind",
    "Track",
]


@dataclass(frozen=True, slots=True)
class NominationFilter:
    """Which nominations to export; ``None`` means any.

    Attributes:
        year: The nomination's year (the year it was submitted in, in the organisation's zone).
        start: The first day of submission, inclusive.
        end: The last day of submission, inclusive.
        track: Annual, thematic or ad-hoc.
        state: The current state.
        unit_code: The code of the proposing unit.
    """

    year: int | None = None
    start: date | None = None
    end: date | None = None
    track: Track | None = None
    state: NominationState | None = None
    unit_code: str | None = None

    def days(self) -> tuple[date | None, date | None]:
        """The first and last day of submission allowed (the initiatives' rule).

        Raises:
            InvalidPeriod: ``start`` comes after ``end``.
        """
        return ExportFilter(year=self.year, start=self.start, end=self.end).days()


@dataclass(frozen=True, slots=True)
class NominationExportRow:
    """One nomination as a spreadsheet row; datetimes are in the organisation's zone."""

    code: str
    year: int
    track: Track
    movement: str
    unit: str
    nominee: str
    nominee_kind: NomineeKind
    award: str
    state: NominationState
    summary: str
    initiatives: tuple[str, ...]
    submitted_at: datetime
    updated_at: datetime
    #: Whether its track counts as annual merit (``[nominations] merit_tracks``).
    annual_merit: bool
    #: The number of the decision that awarded it (empty when none), and its date.
    decision: str = ""
    decided_on: date | None = None


class NominationExportService:
    """Reads nominations for export; only the Office, administrators and the CLI may."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        zone: ZoneInfo,
        merit_tracks: frozenset[str],
    ) -> None:
        self._sessions = sessions
        self._zone = zone
        self._merit = merit_tracks

    async def rows(
        self, actor: MemberView | None, filters: NominationFilter
    ) -> tuple[NominationExportRow, ...]:
        """Every nomination matching ``filters``, oldest submission first.

        Args:
            actor: The member asking, or ``None`` for the command line (the server owner).
            filters: What to export.

        Raises:
            NotAllowed: The actor is neither of the Office nor an administrator.
            UnknownUnit: No unit has ``filters.unit_code``.
            InvalidPeriod: The period's first day comes after its last day.
        """
        if actor is not None and actor.role not in OFFICE:
            raise errors.NotAllowed
        first, last = filters.days()
        async with self._sessions.begin() as session:
            conditions = self._conditions(filters, first, last)
            if filters.unit_code is not None:
                unit_id = await session.scalar(
                    select(Unit.id).where(Unit.code == filters.unit_code)
                )
                if unit_id is None:
                    raise errors.UnknownUnit(code=filters.unit_code)
                conditions.append(Nomination.unit_id == unit_id)
            condition = and_(true(), *conditions)
            found = await session.execute(
                select(Nomination, Unit.name, Movement.name)
                .join(Unit, Unit.id == Nomination.unit_id)
                .outerjoin(Movement, Movement.id == Nomination.movement_id)
                .where(condition)
                .order_by(Nomination.submitted_at, Nomination.id)
            )
            items = [(n, unit, movement) for n, unit, movement in found]
            if not items:
                return ()
            cited = await _cited(session, condition)
            decided = await _decided(session, condition)
            names = await name_history(session)
            return tuple(
                self._row(
                    n,
                    # The unit's name when the nomination was made (DESIGN §3.11).
                    names.name(n.unit_id, unit, self._local(n.submitted_at).date()),
                    movement or "",
                    cited[n.id],
                    decided.get(n.id),
                )
                for n, unit, movement in items
            )

    def _conditions(
        self, filters: NominationFilter, first: date | None, last: date | None
    ) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        # The stored year is the nomination's own (duplicates are judged per year), so a year
        # filter uses it; a range of days uses the moment of submission.
        if filters.year is not None:
            conditions.append(Nomination.year == filters.year)
        if filters.start is not None and first is not None:
            conditions.append(Nomination.submitted_at >= self._midnight(first))
        if filters.end is not None and last is not None:
            conditions.append(Nomination.submitted_at < self._midnight(last + timedelta(days=1)))
        if filters.track is not None:
            conditions.append(Nomination.track == filters.track)
        if filters.state is not None:
            conditions.append(Nomination.state == filters.state)
        return conditions

    def _midnight(self, day: date) -> datetime:
        return datetime.combine(day, time(), tzinfo=self._zone)

    def _row(
        self,
        item: Nomination,
        unit: str,
        movement: str,
        cited: list[str],
        decided: tuple[str, date] | None,
    ) -> NominationExportRow:
        return NominationExportRow(
            code=item.code,
            year=item.year,
            track=Track(item.track),
            movement=movement,
            unit=unit,
            nominee=item.nominee_name,
            nominee_kind=NomineeKind(item.nominee_kind),
            award=item.award_name,
            state=NominationState(item.state),
            summary=item.summary,
            initiatives=tuple(cited),
            submitted_at=self._local(item.submitted_at),
            updated_at=self._local(item.updated_at),
            annual_merit=item.track in self._merit,
            decision=decided[0] if decided else "",
            decided_on=decided[1] if decided else None,
        )

    def _local(self, moment: datetime) -> datetime:
        return moment.astimezone(self._zone)


async def _cited(
    session: AsyncSession, condition: ColumnElement[bool]
) -> defaultdict[int, list[str]]:
    """The codes of the initiatives each chosen nomination cites, in code order."""
    rows = await session.execute(
        select(NominationInitiative.nomination_id, Initiative.code)
        .join(Initiative, Initiative.id == NominationInitiative.initiative_id)
        .where(NominationInitiative.nomination_id.in_(select(Nomination.id).where(condition)))
        .order_by(NominationInitiative.nomination_id, Initiative.code)
    )
    grouped: defaultdict[int, list[str]] = defaultdict(list)
    for nomination_id, code in rows:
        grouped[nomination_id].append(code)
    return grouped


async def _decided(
    session: AsyncSession, condition: ColumnElement[bool]
) -> dict[int, tuple[str, date]]:
    """The decision that awarded each chosen nomination (the latest, if ever several)."""
    rows = await session.execute(
        select(DecisionItem.nomination_id, Decision.number, Decision.signed_on)
        .join(Decision, Decision.id == DecisionItem.decision_id)
        .where(
            DecisionItem.outcome == "awarded",
            DecisionItem.nomination_id.in_(select(Nomination.id).where(condition)),
        )
        .order_by(Decision.recorded_at)
    )
    return {nomination_id: (number, day) for nomination_id, number, day in rows}
