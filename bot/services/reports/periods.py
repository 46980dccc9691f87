"""Reporting periods: the Office opens, edits, closes and deletes them.

A deadline is the last local day a report counts as on time, so a new one is never before
today. Closing stops submissions; deleting is allowed only while no unit has sent a report.
Both are one guarded statement that re-checks the state in its own transaction, and the heads
of the units that have not sent are told through the outbox once it commits.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.callbacks import MenuAction
from bot.clock import Clock
from bot.dates import day_text
from bot.dialog_spec import Draft
from bot.ports import Button, Reply
from bot.roles import OFFICE
from bot.services import workflow
from bot.services.common import MemberView, audit, require_role
from bot.services.conversation import drafts
from bot.services.delivery import OutboxService
from bot.services.reports.records import (
    PeriodChange,
    PeriodView,
    heads_without_report,
    period_view,
)
from bot.texts import Texts
from models import Report, ReportingPeriod

NAME_MIN, NAME_MAX = 3, 200
ENTITY = "reporting_period"


class DeadlinePassed(errors.DomainError):
    """The deadline is before today in the organisation's zone (``day``, ``today``)."""

    text_key = "report.error.deadline_past"


class PeriodHasReports(errors.DomainError):
    """Units sent reports to the period (``count``), so it can be closed but not deleted."""

    text_key = "report.error.has_reports"


class Periods:
    """The period use cases of :class:`~bot.services.reports.ReportService`, which sets the
    attributes below; each public method is one transaction."""

    _sessions: async_sessionmaker[AsyncSession]
    _clock: Clock
    _texts: Texts
    _outbox: OutboxService
    _zone: ZoneInfo

    async def open_period(
        self, actor: MemberView, name: str, deadline: date, *, dialog: Draft | None = None
    ) -> PeriodView:
        """Open a reporting period (Office, admin).

        Raises:
            NotAllowed: The actor is not of the Office.
            InvalidPeriod: The name is shorter than 3 or longer than 200 characters.
            DeadlinePassed: The deadline is before today.
        """
        require_role(actor, OFFICE)
        name = _name(name)
        now = self._clock.now()
        self._refuse_past(deadline)
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
                entity=ENTITY,
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

    async def period(self, period_id: int) -> PeriodView:
        """One period.

        Raises:
            PeriodNotFound: No such period (or it was deleted).
        """
        async with self._sessions.begin() as session:
            row = await session.get(ReportingPeriod, period_id)
            if row is None:
                raise errors.PeriodNotFound
            return period_view(row)

    async def edit_period(
        self,
        actor: MemberView,
        period_id: int,
        name: str,
        deadline: date,
        *,
        dialog: Draft | None = None,
    ) -> PeriodChange:
        """Rename a period or move its deadline; the heads of the units that have not sent
        are told a new deadline of an open period.

        Reports already sent keep their lateness (it is fixed when first sent).

        Raises:
            NotAllowed: The actor is not of the Office.
            InvalidPeriod: The name is shorter than 3 or longer than 200 characters.
            PeriodNotFound: No such period.
            DeadlinePassed: The deadline changes to a day before today.
        """
        require_role(actor, OFFICE)
        name = _name(name)
        now = self._clock.now()
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            row = await session.get(ReportingPeriod, period_id)
            if row is None:
                raise errors.PeriodNotFound
            moved = deadline != row.deadline
            if moved:
                self._refuse_past(deadline)
            before = {"name": row.name, "deadline": row.deadline.isoformat()}
            row.name, row.deadline = name, deadline
            audit.record(
                session,
                at=now,
                actor=audit.Actor(actor.full_name, actor.id),
                action="report.period_edit",
                entity=ENTITY,
                entity_id=row.id,
                before=before,
                after={"name": name, "deadline": deadline.isoformat()},
            )
            told = 0
            if moved and row.open:
                text = self._texts.t(
                    "report.notice.deadline_moved", period=name, deadline=day_text(deadline)
                )
                told = await self._tell_missing(session, row.id, text)
            await drafts.close(session, dialog, "report.done_edited", at=now, name=name)
            view = period_view(row)
        if told:
            self._outbox.notify()
        return PeriodChange(view, told)

    async def close_period(self, actor: MemberView, period_id: int) -> PeriodChange:
        """Close a period: it takes no more reports and no longer waits for anyone; the heads
        of the units that have not sent are told.

        Raises:
            NotAllowed: The actor is not of the Office.
            PeriodNotFound: No such period.
            PeriodClosed: It was closed already (by someone else, or a second press).
        """
        require_role(actor, OFFICE)
        now = self._clock.now()
        async with self._sessions.begin() as session:
            closed = await session.execute(
                update(ReportingPeriod)
                .where(ReportingPeriod.id == period_id, ReportingPeriod.open.is_(True))
                .values(open=False)
                .execution_options(synchronize_session=False)
            )
            row = await session.get(ReportingPeriod, period_id)
            if row is None:
                raise errors.PeriodNotFound
            if getattr(closed, "rowcount", 0) != 1:
                raise errors.PeriodClosed
            text = self._texts.t("report.notice.closed", period=row.name)
            told = await self._tell_missing(session, period_id, text, button=False)
            audit.record(
                session,
                at=now,
                actor=audit.Actor(actor.full_name, actor.id),
                action="report.period_close",
                entity=ENTITY,
                entity_id=period_id,
                after={"told": told},
            )
            view = period_view(row)
        self._outbox.notify()
        return PeriodChange(view, told)

    async def delete_period(self, actor: MemberView, period_id: int) -> PeriodChange:
        """Delete a period no unit has sent a report to; the heads of the units are told when
        it was open.

        Raises:
            NotAllowed: The actor is not of the Office.
            PeriodNotFound: No such period.
            PeriodHasReports: A unit has sent a report to it.
        """
        require_role(actor, OFFICE)
        now = self._clock.now()
        try:
            async with self._sessions.begin() as session:
                row = await session.get(ReportingPeriod, period_id)
                if row is None:
                    raise errors.PeriodNotFound
                view = period_view(row)
                told = 0
                if view.open:  # told before the row goes; rolled back with it if refused
                    text = self._texts.t("report.notice.deleted", period=view.name)
                    told = await self._tell_missing(session, period_id, text, button=False)
                sent = exists().where(Report.period_id == ReportingPeriod.id)
                gone = await session.execute(
                    delete(ReportingPeriod)
                    .where(ReportingPeriod.id == period_id, ~sent)
                    .execution_options(synchronize_session=False)
                )
                if getattr(gone, "rowcount", 0) != 1:
                    raise PeriodHasReports(count=await _report_count(session, period_id))
                audit.record(
                    session,
                    at=now,
                    actor=audit.Actor(actor.full_name, actor.id),
                    action="report.period_delete",
                    entity=ENTITY,
                    entity_id=period_id,
                    before={"name": view.name, "deadline": view.deadline.isoformat()},
                    after={"told": told},
                )
        except IntegrityError:
            # A report arrived between the check and the delete (PostgreSQL's foreign key).
            raise PeriodHasReports(count=1) from None
        self._outbox.notify()
        return PeriodChange(view, told)

    def _refuse_past(self, deadline: date) -> None:
        today = self._clock.now().astimezone(self._zone).date()
        if deadline < today:
            raise DeadlinePassed(day=day_text(deadline), today=day_text(today))

    async def _tell_missing(
        self, session: AsyncSession, period_id: int, text: str, *, button: bool = True
    ) -> int:
        """Queue ``text`` to the heads of the units without a report; return how many."""
        heads = await heads_without_report(session, period_id)
        opener = Button(self._texts.t("report.button.open"), MenuAction("baocao").pack())
        reply = Reply(text, buttons=((opener,),) if button else ())
        return await workflow.tell(session, heads, [reply], self._clock.now())


def _name(typed: str) -> str:
    """The name with its spaces tidied.

    Raises:
        InvalidPeriod: It is shorter than 3 or longer than 200 characters.
    """
    name = " ".join(typed.split())
    if not NAME_MIN <= len(name) <= NAME_MAX:
        raise errors.InvalidPeriod
    return name


async def _report_count(session: AsyncSession, period_id: int) -> int:
    found = await session.scalar(
        select(func.count()).select_from(Report).where(Report.period_id == period_id)
    )
    return int(found or 0)
