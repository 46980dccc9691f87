"""Annual unit reports (báo cáo kết quả thi đua): submitting and reading them.

The Office opens a period with a deadline (inclusive, in the organisation's zone; its use cases
are :mod:`bot.services.reports.periods`). Each unit
sends one report per period; a report first sent after the deadline stays late even when it is
returned and sent again. Reviewing and reminding are :mod:`bot.services.reports.review`.
"""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.dialog_spec import Draft
from bot.domain import ReportState
from bot.roles import OFFICE, Role
from bot.services.common import FileInfo, MemberView, StateCounts, count_states
from bot.services.conversation import drafts
from bot.services.delivery import OutboxService
from bot.services.reports.browse import ReportBrowse
from bot.services.reports.periods import Periods
from bot.services.reports.records import (
    PeriodStatus,
    PeriodView,
    ReportView,
    UnitReport,
    UnitStatus,
    load,
    may_see,
)
from bot.services.reports.workflow import FLOW, TRANSITIONS, Action
from bot.services.workflow import Change
from bot.texts import Texts
from models import Report, ReportingPeriod, Unit

TEXT_MIN, TEXT_MAX = 10, 3000
#: The state a report comes from when it is first sent (history rows need one).
NEW = "draft"


class ReportService(Periods, ReportBrowse):
    """Use cases of unit reports and their periods (:class:`Periods`); each public method is
    one transaction."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        texts: Texts,
        outbox_service: OutboxService,
        *,
        zone: ZoneInfo,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._texts = texts
        self._outbox = outbox_service
        self._zone = zone

    async def submit(
        self,
        actor: MemberView,
        period_id: int,
        summary: str,
        results: str,
        files: Sequence[FileInfo] = (),
        *,
        unit_id: int | None = None,
        dialog: Draft | None = None,
    ) -> ReportView:
        """Send a unit's report, or send a returned one again with new content.

        Unit heads send for their own unit (``unit_id`` ``None`` or their unit's id); the
        Office and admins may send for any unit. ``late`` is fixed at the first sending.

        Raises:
            NotAllowed: The actor may not report for this unit.
            InvalidReport: A text is shorter than 10 or longer than 3000 characters.
            PeriodNotFound / PeriodClosed: The period does not exist or no longer takes reports.
            ReportAlreadySubmitted: The unit's report is waiting for review or accepted.
            ReportAlreadyHandled: Someone changed the report at the same moment.
        """
        unit = actor.unit.id if unit_id is None else unit_id
        if not (actor.role in OFFICE or (actor.role is Role.UNIT_HEAD and actor.unit.id == unit)):
            raise errors.NotAllowed
        summary, results = summary.strip(), results.strip()
        if any(not TEXT_MIN <= len(t) <= TEXT_MAX for t in (summary, results)):
            raise errors.InvalidReport
        now = self._clock.now()
        change = Change.by(actor, now)
        try:
            async with self._sessions.begin() as session:
                await drafts.claim(session, dialog)
                # Shared lock (PostgreSQL): closing or deleting the period waits for this send,
                # and a send waits for them, so none sees the period half changed.
                period = await session.get(
                    ReportingPeriod, period_id, with_for_update={"read": True}
                )
                if period is None:
                    raise errors.PeriodNotFound
                if not period.open:
                    raise errors.PeriodClosed
                if (
                    await session.scalar(
                        select(Unit.id).where(Unit.id == unit, Unit.active.is_(True))
                    )
                    is None
                ):
                    raise errors.UnknownUnit(code=unit)
                row = await session.scalar(
                    select(Report).where(Report.period_id == period_id, Report.unit_id == unit)
                )
                content = {"summary": summary, "results": results, "submitted_by": actor.id}
                if row is None:
                    late = now.astimezone(self._zone).date() > period.deadline
                    row = Report(
                        period_id=period_id,
                        unit_id=unit,
                        state=ReportState.SUBMITTED,
                        late=late,
                        version=1,
                        submitted_at=now,
                        updated_at=now,
                        **content,
                    )
                    session.add(row)
                    await session.flush()
                    FLOW.record(session, row, NEW, change)
                elif row.state == ReportState.RETURNED:
                    step = TRANSITIONS[Action.SEND_AGAIN]
                    await FLOW.advance(session, row, step, change, values=content)
                else:
                    raise errors.ReportAlreadySubmitted
                await FLOW.attach(session, row.id, files, now, replace=True)
                view = await load(session, row.id)
                outcome = "dialog.done.report"
                await drafts.close(session, dialog, outcome, at=now, period=view.period)
                return view
        except IntegrityError:
            # Two people sent the unit's first report at once; the other one was first.
            raise errors.ReportAlreadySubmitted from None

    async def report(self, viewer: MemberView, report_id: int) -> ReportView:
        """A report, if the viewer may see it (reviewers, or the head of its unit)."""
        async with self._sessions.begin() as session:
            view = await load(session, report_id)
        if not may_see(viewer, view.unit_id):
            raise errors.ReportNotFound
        return view

    async def state_counts(self, viewer: MemberView) -> StateCounts:
        """Reports of every period per state (reviewers: all; a unit head: their unit's)."""
        order = (s.value for s in ReportState)
        return await count_states(self._sessions, viewer, Report.state, Report.unit_id, order)

    async def unit_report(
        self, viewer: MemberView, period_id: int, unit_id: int | None = None
    ) -> ReportView | None:
        """A unit's report in a period (the viewer's unit by default), or ``None``."""
        unit = viewer.unit.id if unit_id is None else unit_id
        if not may_see(viewer, unit):
            raise errors.NotAllowed
        async with self._sessions.begin() as session:
            report_id = await session.scalar(
                select(Report.id).where(Report.period_id == period_id, Report.unit_id == unit)
            )
            return None if report_id is None else await load(session, report_id)


__all__ = [
    "PeriodStatus",
    "PeriodView",
    "ReportService",
    "ReportView",
    "UnitReport",
    "UnitStatus",
]
