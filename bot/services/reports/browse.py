"""The reports desk of the web app: every sent report with filters, scoped in SQL to what the
viewer may see, and one report that tells "not yours" (403) from "no such report" (404)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from bot import errors
from bot.domain import ReportState
from bot.roles import REVIEWERS, Role
from bot.services.common import MemberView
from bot.services.reports.records import ReportView, UnitStatus, load, may_see, unit_status
from models import Report, ReportingPeriod, Unit


@dataclass(frozen=True, slots=True)
class ReportQuery:
    """What the list shows: filters (``None``: any) and the page (from 0)."""

    status: UnitStatus | None = None
    period_id: int | None = None
    unit_id: int | None = None
    page: int = 0
    size: int = 20


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """One line of the list of reports."""

    id: int
    period_id: int
    period: str
    unit: str
    status: UnitStatus
    submitted_at: datetime


@dataclass(frozen=True, slots=True)
class ReportPage:
    """A page of reports; ``page`` counts from 0."""

    items: tuple[ReportSummary, ...]
    page: int
    pages: int
    total: int


class ReportBrowse:
    """The web app's reads of reports (mixed into the reports service)."""

    _sessions: async_sessionmaker[AsyncSession]

    async def browse(self, viewer: MemberView, query: ReportQuery) -> ReportPage:
        """The reports ``viewer`` may see under ``query``, longest waiting first.

        Reviewers see every report, a unit head their unit's.

        Raises:
            NotAllowed: Neither a reviewer nor a unit head.
        """
        conditions = [_scope(viewer), *_status(query.status)]
        if query.period_id is not None:
            conditions.append(Report.period_id == query.period_id)
        if query.unit_id is not None:
            conditions.append(Report.unit_id == query.unit_id)
        async with self._sessions.begin() as session:
            total = await session.scalar(select(func.count(Report.id)).where(*conditions)) or 0
            pages = max(1, -(-total // query.size))
            page = min(max(query.page, 0), pages - 1)
            rows = await session.execute(
                select(
                    Report.id,
                    Report.period_id,
                    ReportingPeriod.name,
                    Unit.name,
                    Report.state,
                    Report.late,
                    Report.submitted_at,
                )
                .join(ReportingPeriod, ReportingPeriod.id == Report.period_id)
                .join(Unit, Unit.id == Report.unit_id)
                .where(*conditions)
                .order_by(Report.submitted_at.asc(), Report.id)
                .offset(page * query.size)
                .limit(query.size)
            )
            items = tuple(
                ReportSummary(rid, pid, period, unit, unit_status(state, late=late), at)
                for rid, pid, period, unit, state, late, at in rows
            )
        return ReportPage(items, page, pages, total)

    async def dossier(self, viewer: MemberView, report_id: int) -> ReportView:
        """One report for its page.

        Raises:
            ReportNotFound: No such report.
            NotAllowed: It exists, but ``viewer`` may not see it (a forged address).
        """
        async with self._sessions.begin() as session:
            view = await load(session, report_id)
        if not may_see(viewer, view.unit_id):
            raise errors.NotAllowed
        return view


def _scope(viewer: MemberView) -> ColumnElement[bool]:
    if viewer.role in REVIEWERS:
        return Report.id.is_not(None)
    if viewer.role is Role.UNIT_HEAD:
        return Report.unit_id == viewer.unit.id
    raise errors.NotAllowed


def _status(status: UnitStatus | None) -> list[ColumnElement[bool]]:
    if status is None or status is UnitStatus.MISSING:
        return []
    if status in (UnitStatus.SUBMITTED, UnitStatus.LATE):
        late = status is UnitStatus.LATE
        return [Report.state == ReportState.SUBMITTED, Report.late.is_(late)]
    return [Report.state == status.value]
