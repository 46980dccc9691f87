"""Reviewing unit reports: the period's status, accepting, returning, reminding the missing.

Reviewing is one conditional UPDATE (state and version must still be what the reviewer saw),
so two reviewers pressing at once cannot both win.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.callbacks import MenuAction
from bot.clock import Clock
from bot.collation import collation_key
from bot.dates import day_text
from bot.dialog_spec import Draft
from bot.domain import ReportState
from bot.ports import Button, Reply
from bot.roles import OFFICE, REVIEWERS
from bot.services import workflow
from bot.services.common import MemberView, audit, require_role
from bot.services.conversation import drafts
from bot.services.delivery import OutboxService
from bot.services.reports.records import (
    ENTITY,
    PeriodStatus,
    ReportView,
    UnitReport,
    UnitStatus,
    heads_without_report,
    load,
    period_view,
    unit_status,
)
from bot.services.reports.workflow import FLOW, Action
from bot.services.workflow import Change
from bot.texts import Texts
from models import AuditEntry, Report, ReportingPeriod, ScoreEvent, Unit

REMIND_ACTION = "report.remind"
#: The ledger kind of an accepted report that was sent on time (points in ``[scoring]``).
ON_TIME_EVENT = "report_on_time"
#: The notice the sender gets for each review outcome.
NOTICES = {
    ReportState.ACCEPTED: "report.notice.accepted",
    ReportState.RETURNED: "report.notice.returned",
}


class ReportReviewService:
    """The Office's use cases on unit reports; each public method is one transaction."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        texts: Texts,
        outbox_service: OutboxService,
        *,
        remind_cooldown: timedelta,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._texts = texts
        self._outbox = outbox_service
        self._remind_cooldown = remind_cooldown

    async def status(self, actor: MemberView, period_id: int) -> PeriodStatus:
        """Every active unit's status in a period, from one grouped query.

        Missing units come first, then returned, late, submitted and accepted ones.
        """
        require_role(actor, REVIEWERS)
        async with self._sessions.begin() as session:
            period = await session.get(ReportingPeriod, period_id)
            if period is None:
                raise errors.PeriodNotFound
            rows = await session.execute(
                select(
                    Unit.id,
                    Unit.code,
                    Unit.name,
                    Report.id,
                    Report.state,
                    Report.late,
                    Report.submitted_at,
                )
                .select_from(Unit)
                .outerjoin(Report, and_(Report.unit_id == Unit.id, Report.period_id == period_id))
                .where(Unit.active.is_(True))
            )
            units = [
                UnitReport(uid, code, name, unit_status(state, late=late), rid, bool(late), at)
                for uid, code, name, rid, state, late, at in rows
            ]
            view = period_view(period)
        order = list(UnitStatus)
        units.sort(key=lambda u: (order.index(u.status), collation_key(u.name)))
        return PeriodStatus(view, tuple(units))

    async def accept(self, actor: MemberView, report_id: int, seen_version: int) -> ReportView:
        """Accept a submitted report; an on-time one earns its unit the ledger event.

        Raises:
            NotAllowed: The actor is not of the Office.
            ReportNotFound: No such report.
            ReportAlreadyHandled: Someone changed the report after the actor saw it.
            ReportNotReviewable: The report is not waiting for review.
        """
        return await self._review(actor, report_id, Action.ACCEPT, "", seen_version)

    async def return_(
        self,
        actor: MemberView,
        report_id: int,
        reason: str,
        seen_version: int,
        *,
        dialog: Draft | None = None,
    ) -> ReportView:
        """Return a submitted report to its unit with a reason.

        Raises:
            ReasonRequired: The reason is empty.
            PeriodClosed: The period is closed, so the unit could not send the report again.
            (and as :meth:`accept`)
        """
        return await self._review(actor, report_id, Action.RETURN, reason, seen_version, dialog)

    async def remind_missing(self, actor: MemberView, period_id: int) -> int:
        """Remind the heads of every unit without a report; return how many messages.

        Raises:
            NotAllowed: The actor is not of the Office.
            PeriodNotFound: No such period.
            NudgeTooSoon: A reminder for this period went out within the cooldown.
        """
        require_role(actor, OFFICE)
        now = self._clock.now()
        async with self._sessions.begin() as session:
            period = await session.get(ReportingPeriod, period_id)
            if period is None:
                raise errors.PeriodNotFound
            last = await session.scalar(
                select(func.max(AuditEntry.at)).where(
                    AuditEntry.action == REMIND_ACTION, AuditEntry.entity_id == str(period_id)
                )
            )
            if last is not None and now - last < self._remind_cooldown:
                wait = self._remind_cooldown - (now - last)
                raise errors.NudgeTooSoon(minutes=max(1, round(wait.total_seconds() / 60)))
            heads = await heads_without_report(session, period_id)
            text = self._texts.t(
                "report.notice.remind",
                period=period.name,
                deadline=day_text(period.deadline),
            )
            reply = Reply(text, buttons=((self._open_button(),),))
            count = await workflow.tell(session, heads, [reply], now)
            audit.record(
                session,
                at=now,
                actor=audit.Actor(actor.full_name, actor.id),
                action=REMIND_ACTION,
                entity="reporting_period",
                entity_id=period_id,
                after={"sent": count},
            )
        self._outbox.notify()
        return count

    async def _review(
        self,
        actor: MemberView,
        report_id: int,
        action: Action,
        reason: str,
        seen: int,
        dialog: Draft | None = None,
    ) -> ReportView:
        step, reason = FLOW.step(action, reason)
        require_role(actor, step.roles)
        now = self._clock.now()
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            row = await FLOW.get(session, report_id)
            if action is Action.RETURN and not await _period_open(session, row.period_id):
                raise errors.PeriodClosed  # the unit could not send it again
            await FLOW.advance(
                session, row, step, Change.by(actor, now, reason), seen_version=seen
            )
            target = step.target
            if target is ReportState.ACCEPTED and not row.late:
                session.add(
                    ScoreEvent(
                        kind=ON_TIME_EVENT,
                        member_id=None,
                        unit_id=row.unit_id,
                        share=100,
                        entity=ENTITY,
                        entity_id=row.id,
                        at=now,
                    )
                )
            view = await load(session, row.id)
            text = self._texts.t(NOTICES[target], period=view.period, unit=view.unit)
            reply = workflow.notice(self._texts, text, reason, self._open_button())
            await workflow.tell(session, [row.submitted_by], [reply], now)
            done = "dialog.done.report_returned"
            await drafts.close(session, dialog, done, at=now, unit=view.unit, period=view.period)
        self._outbox.notify()
        return view

    def _open_button(self) -> Button:
        """The button that opens ``/baocao``."""
        return Button(self._texts.t("report.button.open"), MenuAction("baocao").pack())


async def _period_open(session: AsyncSession, period_id: int) -> bool:
    return bool(
        await session.scalar(select(ReportingPeriod.open).where(ReportingPeriod.id == period_id))
    )
