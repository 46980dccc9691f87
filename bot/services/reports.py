"""Annual unit reports (báo cáo kết quả thi đua): periods, submitting, reviewing, reminding.

The Office opens a period with a deadline (inclusive, in the organisation's zone). Each unit
sends one report per period; a report first sent after the deadline stays late even when it is
returned and sent again. Reviewing is one conditional UPDATE (state and version must still be
what the reviewer saw), so two reviewers pressing at once cannot both win.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.callbacks import MenuAction
from bot.clock import Clock
from bot.dialog_spec import Draft
from bot.ports import Button, Channel, Outgoing, Reply
from bot.roles import OFFICE, REVIEWERS, Role
from bot.services import audit, drafts, outbox
from bot.services.initiative_records import FileInfo
from bot.services.outbox import OutboxService
from bot.services.plans import require_role
from bot.services.recipients import reachable
from bot.services.report_records import (
    ENTITY,
    PeriodStatus,
    PeriodView,
    ReportView,
    UnitReport,
    UnitStatus,
    attachments_of,
    heads_without_report,
    load,
    may_see,
    move,
    period_view,
    record,
    unit_status,
)
from bot.services.views import MemberView
from bot.texts import Texts
from models import (
    Attachment,
    AuditEntry,
    Report,
    ReportingPeriod,
    ReportState,
    ScoreEvent,
    Unit,
)

NAME_MIN, NAME_MAX = 3, 200
TEXT_MIN, TEXT_MAX = 10, 3000
REASON_MAX = 1000
REMIND_ACTION = "report.remind"
#: The ledger kind of an accepted report that was sent on time (points in ``[scoring]``).
ON_TIME_EVENT = "report_on_time"
#: The state a report comes from when it is first sent (history rows need one).
NEW = "draft"
#: The notice the sender gets for each review outcome.
NOTICES = {
    ReportState.ACCEPTED: "report.notice.accepted",
    ReportState.RETURNED: "report.notice.returned",
}


class ReportService:
    """Use cases of unit reports; each public method is one transaction."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        texts: Texts,
        outbox_service: OutboxService,
        *,
        zone: ZoneInfo,
        remind_cooldown: timedelta,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._texts = texts
        self._outbox = outbox_service
        self._zone = zone
        self._remind_cooldown = remind_cooldown

    async def open_period(
        self, actor: MemberView, name: str, deadline: date, *, dialog: Draft | None = None
    ) -> PeriodView:
        """Open a reporting period (Office, admin).

        Raises:
            NotAllowed: The actor is not of the Office.
            InvalidPeriod: The name is shorter than 3 or longer than 200 characters.
        """
        require_role(actor, OFFICE)
        name = " ".join(name.split())
        if not NAME_MIN <= len(name) <= NAME_MAX or not isinstance(deadline, date):
            raise errors.InvalidPeriod
        now = self._clock.now()
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            row = ReportingPeriod(
                name=name, deadline=deadline, open=True, opened_by=actor.id, opened_at=now
            )
            session.add(row)
            await session.flush()
            audit.record(
                session,
                at=now,
                actor=audit.Actor(actor.full_name, actor.id),
                action="report.period_open",
                entity="reporting_period",
                entity_id=row.id,
                after={"name": name, "deadline": deadline.isoformat()},
            )
            await drafts.close(session, dialog, "dialog.done.period", at=now, name=name)
            return period_view(row)

    async def periods(self) -> tuple[PeriodView, ...]:
        """Every period, newest first."""
        async with self._sessions.begin() as session:
            rows = await session.scalars(
                select(ReportingPeriod).order_by(
                    ReportingPeriod.opened_at.desc(), ReportingPeriod.id.desc()
                )
            )
            return tuple(period_view(row) for row in rows)

    async def current_period(self) -> PeriodView | None:
        """The newest open period, or ``None`` when none is open."""
        async with self._sessions.begin() as session:
            row = await session.scalar(
                select(ReportingPeriod)
                .where(ReportingPeriod.open.is_(True))
                .order_by(ReportingPeriod.opened_at.desc(), ReportingPeriod.id.desc())
                .limit(1)
            )
            return None if row is None else period_view(row)

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
        who = audit.Actor(actor.full_name, actor.id)
        try:
            async with self._sessions.begin() as session:
                await drafts.claim(session, dialog)
                period = await session.get(ReportingPeriod, period_id)
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
                    before = NEW
                elif row.state == ReportState.RETURNED:
                    before = row.state
                    await move(session, row, before, ReportState.SUBMITTED, now, **content)
                    await session.execute(
                        delete(Attachment).where(
                            Attachment.entity == ENTITY, Attachment.entity_id == row.id
                        )
                    )
                else:
                    raise errors.ReportAlreadySubmitted
                session.add_all(attachments_of(row.id, files, now))
                record(session, row, before, who, "", now)
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
        units.sort(key=lambda u: (order.index(u.status), u.name))
        return PeriodStatus(view, tuple(units))

    async def accept(self, actor: MemberView, report_id: int, seen_version: int) -> ReportView:
        """Accept a submitted report; an on-time one earns its unit the ledger event.

        Raises:
            NotAllowed: The actor is not of the Office.
            ReportNotFound: No such report.
            ReportAlreadyHandled: Someone changed the report after the actor saw it.
            ReportNotReviewable: The report is not waiting for review.
        """
        return await self._review(actor, report_id, ReportState.ACCEPTED, "", seen_version)

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
            (and as :meth:`accept`)
        """
        reason = " ".join(reason.split())[:REASON_MAX]
        if not reason:
            raise errors.ReasonRequired
        return await self._review(
            actor, report_id, ReportState.RETURNED, reason, seen_version, dialog
        )

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
            accounts = await heads_without_report(session, period_id)
            text = self._texts.t(
                "report.notice.remind",
                period=period.name,
                deadline=period.deadline.strftime("%d/%m/%Y"),
            )
            count = self._enqueue(session, accounts, text, now)
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
        target: ReportState,
        reason: str,
        seen: int,
        dialog: Draft | None = None,
    ) -> ReportView:
        require_role(actor, OFFICE)
        now = self._clock.now()
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            row = await session.get(Report, report_id)
            if row is None:
                raise errors.ReportNotFound
            if seen != row.version:
                raise errors.ReportAlreadyHandled
            if row.state != ReportState.SUBMITTED:
                raise errors.ReportNotReviewable
            await move(session, row, ReportState.SUBMITTED, target, now)
            record(
                session,
                row,
                ReportState.SUBMITTED,
                audit.Actor(actor.full_name, actor.id),
                reason,
                now,
            )
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
            if row.submitted_by is not None:
                accounts = await reachable(session, [row.submitted_by])
                text = self._texts.t(NOTICES[target], period=view.period, unit=view.unit)
                if reason:
                    text += "\n" + self._texts.t("initiative.notice.reason", reason=reason)
                self._enqueue(session, accounts, text, now)
            done = "dialog.done.report_returned"
            await drafts.close(session, dialog, done, at=now, unit=view.unit, period=view.period)
        self._outbox.notify()
        return view

    def _enqueue(
        self,
        session: AsyncSession,
        accounts: Iterable[tuple[str, str, int]],
        text: str,
        now: datetime,
    ) -> int:
        """Queue ``text`` with a button to ``/baocao`` to each ``(channel, chat, member)``."""
        button = Button(self._texts.t("report.button.open"), MenuAction("baocao").pack())
        reply = Reply(text, buttons=((button,),))
        return sum(
            outbox.enqueue(
                session, [Outgoing(Channel(ch), chat, reply)], now=now, member_id=member
            )
            for ch, chat, member in accounts
        )


__all__ = [
    "PeriodStatus",
    "PeriodView",
    "ReportService",
    "ReportView",
    "UnitReport",
    "UnitStatus",
]
