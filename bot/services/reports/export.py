"""One reporting period's report status as rows for a spreadsheet: a row per active unit.

A fixed number of queries: the period, the units with their report and its sender, then the
last decision (accepted or returned) of every report of the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.collation import sorted_vi
from bot.domain import ReportState
from bot.roles import OFFICE
from bot.services.common import MemberView, name_history
from bot.services.reports.records import ENTITY, PeriodView, UnitStatus
from models import Member, Report, ReportingPeriod, StateChange, Unit

__all__ = [
    "PeriodView",
    "ReportExport",
    "ReportExportService",
    "ReportState",
    "ReportStatusRow",
    "UnitStatus",
]

#: The Office's decisions on a report, as stored in its history.
DECISIONS = (ReportState.ACCEPTED.value, ReportState.RETURNED.value)


@dataclass(frozen=True, slots=True)
class ReportStatusRow:
    """One active unit in the period; datetimes are in the organisation's zone.

    Attributes:
        decision: The Office's last decision (accepted or returned), if any.
        reason: The reason given with that decision (returns carry one).
    """

    code: str
    unit: str
    status: UnitStatus
    submitted_at: datetime | None
    late: bool
    submitter: str
    decision: ReportState | None
    decided_at: datetime | None
    reason: str


@dataclass(frozen=True, slots=True)
class ReportExport:
    """The period and its rows, in unit code order."""

    period: PeriodView
    rows: tuple[ReportStatusRow, ...]


@dataclass(frozen=True, slots=True)
class _Decision:
    state: ReportState
    at: datetime
    reason: str


class ReportExportService:
    """Reads a period's report status for export; only the Office, administrators and the CLI."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, zone: ZoneInfo) -> None:
        self._sessions = sessions
        self._zone = zone

    async def status(self, actor: MemberView | None, period_id: int | None) -> ReportExport:
        """Every active unit's report status in a period.

        Args:
            actor: The member asking, or ``None`` for the command line (the server owner).
            period_id: The period, or ``None`` for the newest one.

        Raises:
            NotAllowed: The actor is neither of the Office nor an administrator.
            PeriodNotFound: No such period (or, for ``None``, no period at all).
        """
        if actor is not None and actor.role not in OFFICE:
            raise errors.NotAllowed
        async with self._sessions.begin() as session:
            period = await _period(session, period_id)
            rows = await session.execute(
                select(
                    Unit.id,
                    Unit.code,
                    Unit.name,
                    Report.id,
                    Report.state,
                    Report.late,
                    Report.submitted_at,
                    Member.full_name,
                )
                .select_from(Unit)
                .outerjoin(Report, and_(Report.unit_id == Unit.id, Report.period_id == period.id))
                .outerjoin(Member, Member.id == Report.submitted_by)
                .where(or_(_open_on(period.deadline), Report.id.is_not(None)))
            )
            names = await name_history(session)
            # Each unit as it was on the deadline (DESIGN §3.11): its name then, and a unit
            # merged since still listed with the report it sent.
            units = sorted_vi(
                (
                    (code, names.name(unit_id, name, period.deadline), rid, state, late, at, who)
                    for unit_id, code, name, rid, state, late, at, who in rows
                ),
                key=lambda row: row[1],
            )
            decisions = await _decisions(session, period.id)
            view = PeriodView(
                period.id, period.name, period.deadline, period.open, period.opened_at
            )
        return ReportExport(
            view,
            tuple(
                self._row(
                    code=code,
                    name=name,
                    state=state,
                    late=bool(late),
                    at=at,
                    who=who or "",
                    decision=None if rid is None else decisions.get(rid),
                )
                for code, name, rid, state, late, at, who in units
            ),
        )

    def _row(
        self,
        *,
        code: str,
        name: str,
        state: str | None,
        late: bool,
        at: datetime | None,
        who: str,
        decision: _Decision | None,
    ) -> ReportStatusRow:
        return ReportStatusRow(
            code=code,
            unit=name,
            status=_status(state, late=late),
            submitted_at=None if at is None else at.astimezone(self._zone),
            late=late,
            submitter=who,
            decision=None if decision is None else decision.state,
            decided_at=None if decision is None else decision.at.astimezone(self._zone),
            reason="" if decision is None else decision.reason,
        )


async def _period(session: AsyncSession, period_id: int | None) -> ReportingPeriod:
    if period_id is None:
        found = await session.scalar(
            select(ReportingPeriod).order_by(
                ReportingPeriod.opened_at.desc(), ReportingPeriod.id.desc()
            )
        )
    else:
        found = await session.get(ReportingPeriod, period_id)
    if found is None:
        raise errors.PeriodNotFound
    return found


async def _decisions(session: AsyncSession, period_id: int) -> dict[int, _Decision]:
    """The last accept or return of each report of the period (absent: none yet)."""
    rows = await session.execute(
        select(StateChange.entity_id, StateChange.to_state, StateChange.at, StateChange.reason)
        .where(
            StateChange.entity == ENTITY,
            StateChange.to_state.in_(DECISIONS),
            StateChange.entity_id.in_(select(Report.id).where(Report.period_id == period_id)),
        )
        .order_by(StateChange.at, StateChange.id)
    )
    # Later rows overwrite earlier ones: the last decision wins.
    return {
        rid: _Decision(ReportState(state), at, reason or "") for rid, state, at, reason in rows
    }


def _status(state: str | None, *, late: bool) -> UnitStatus:
    """The status table's rule (``ReportService.status``): a pending late report is "late"."""
    if state is None:
        return UnitStatus.MISSING
    if state == ReportState.SUBMITTED:
        return UnitStatus.LATE if late else UnitStatus.SUBMITTED
    return UnitStatus(state)


def _open_on(day: date) -> ColumnElement[bool]:
    """Units open on ``day``: opened by then, not closed by then (old units set inactive
    without a day of closing are left out, as before)."""
    return and_(
        or_(Unit.opened_on.is_(None), Unit.opened_on <= day),
        or_(Unit.closed_on.is_(None), Unit.closed_on > day),
        or_(Unit.active.is_(True), Unit.closed_on.is_not(None)),
    )
