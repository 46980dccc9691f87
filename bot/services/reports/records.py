"""Values and shared steps of the report use cases: what the Office and unit heads see, and
the rows (history, audit, attachments) written with each change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import errors
from bot.domain import ReportState
from bot.roles import REVIEWERS, Role
from bot.services.common import AttachmentView, ChangeView, MemberView
from bot.services.reports.workflow import FLOW
from models import Member, Report, ReportingPeriod, Unit

ENTITY = FLOW.entity


class UnitStatus(StrEnum):
    """Where a unit stands in a period, as the Office's table shows it."""

    MISSING = "missing"
    RETURNED = "returned"
    LATE = "late"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"


@dataclass(frozen=True, slots=True)
class PeriodView:
    """A reporting period; ``deadline`` is the last local day a report counts as on time."""

    id: int
    name: str
    deadline: date
    open: bool
    opened_at: datetime


@dataclass(frozen=True, slots=True)
class PeriodChange:
    """A period as a change left it, and how many heads of units were told of it."""

    period: PeriodView
    told: int


@dataclass(frozen=True, slots=True)
class ReportView:
    """One unit's report with its files and history."""

    id: int
    period_id: int
    period: str
    unit_id: int
    unit: str
    submitted_by: int | None
    submitter: str
    summary: str
    results: str
    state: ReportState
    late: bool
    version: int
    submitted_at: datetime
    updated_at: datetime
    files: tuple[AttachmentView, ...]
    history: tuple[ChangeView, ...]


@dataclass(frozen=True, slots=True)
class UnitReport:
    """A row of the status table: an active unit and its report, if any."""

    unit_id: int
    code: str
    name: str
    status: UnitStatus
    report_id: int | None
    late: bool
    submitted_at: datetime | None


@dataclass(frozen=True, slots=True)
class PeriodStatus:
    """Every active unit's status in a period, those needing attention first."""

    period: PeriodView
    units: tuple[UnitReport, ...]

    def count(self, status: UnitStatus) -> int:
        """How many units are in ``status``."""
        return sum(u.status is status for u in self.units)

    @property
    def received(self) -> int:
        """Units that sent a report (whatever became of it)."""
        return sum(u.report_id is not None for u in self.units)


def may_see(viewer: MemberView, unit_id: int) -> bool:
    return viewer.role in REVIEWERS or (
        viewer.role is Role.UNIT_HEAD and viewer.unit.id == unit_id
    )


def unit_status(state: str | None, *, late: bool | None) -> UnitStatus:
    if state is None:
        return UnitStatus.MISSING
    if state == ReportState.SUBMITTED:
        return UnitStatus.LATE if late else UnitStatus.SUBMITTED
    return UnitStatus(state)


def period_view(row: ReportingPeriod) -> PeriodView:
    return PeriodView(row.id, row.name, row.deadline, row.open, row.opened_at)


async def load(session: AsyncSession, report_id: int) -> ReportView:
    """Read a report with its period, unit, submitter, files and history."""
    found = (
        await session.execute(
            select(Report, ReportingPeriod.name, Unit.name, Member.full_name)
            .join(ReportingPeriod, ReportingPeriod.id == Report.period_id)
            .join(Unit, Unit.id == Report.unit_id)
            .outerjoin(Member, Member.id == Report.submitted_by)
            .where(Report.id == report_id)
        )
    ).first()
    if found is None:
        raise errors.ReportNotFound
    row, period, unit, submitter = found
    return ReportView(
        id=row.id,
        period_id=row.period_id,
        period=period,
        unit_id=row.unit_id,
        unit=unit,
        submitted_by=row.submitted_by,
        submitter=submitter or "",
        summary=row.summary,
        results=row.results,
        state=ReportState(row.state),
        late=row.late,
        version=row.version,
        submitted_at=row.submitted_at,
        updated_at=row.updated_at,
        files=await FLOW.files(session, report_id),
        history=await FLOW.history(session, report_id),
    )


async def heads_without_report(session: AsyncSession, period_id: int) -> list[int]:
    """The active heads of every active unit with no report in the period."""
    heads = await session.scalars(
        select(Member.id)
        .join(Unit, Unit.id == Member.unit_id)
        .outerjoin(Report, and_(Report.unit_id == Unit.id, Report.period_id == period_id))
        .where(
            Unit.active.is_(True),
            Member.active.is_(True),
            Member.role == Role.UNIT_HEAD.value,
            Report.id.is_(None),
        )
        .order_by(Member.id)
    )
    return list(heads)
