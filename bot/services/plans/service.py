"""The plan (Kế hoạch thi đua): versions, reading, confirming, coverage, publishing, nudging.

Versions are immutable once published and numbered across periods; the highest version is the
current one (it belongs to the open period), and only confirmations of the current version
count. The last version of a closed period stays readable. Coverage figures come from one
grouped query.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.dialog_spec import Draft
from bot.plan_document import PlanSection, parse_plan
from bot.roles import OFFICE
from bot.services.common import MemberView, audit, require_role
from bot.services.conversation import drafts
from bot.services.delivery import OutboxService, reachable
from bot.services.plans import periods
from bot.services.plans.rows import (
    enqueue_notice,
    insert_new,
    latest,
    latest_or_fail,
    plan_row,
    section_rows,
    sync_movements,
)
from bot.texts import Texts
from models import Acknowledgement, EmulationPeriod, Member, Movement, Plan, ScoreEvent
from models import PlanSection as SectionRow

logger = logging.getLogger(__name__)

#: How long this process trusts its idea of the current version (others may publish).
CURRENT_RECHECK = timedelta(seconds=5)


@dataclass(frozen=True, slots=True)
class PlanView:
    """A published plan version."""

    id: int
    version: int
    title: str
    digest: str
    published_at: datetime
    sections: tuple[PlanSection, ...]
    #: The period's code ("2021-2025") and its first and last year.
    period: str
    years: tuple[int, int]


@dataclass(frozen=True, slots=True)
class MovementView:
    """An emulation movement."""

    code: str
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class Confirmation:
    """A member's confirmation of a version; ``new`` is False when it was already there."""

    version: int
    confirmed_at: datetime
    new: bool


@dataclass(frozen=True, slots=True)
class Published:
    """A newly published version and how many accounts were told about it."""

    version: int
    notified: int


class PlanService:
    """Use cases of the plan; each public method is one transaction."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        texts: Texts,
        outbox_service: OutboxService,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._texts = texts
        self._outbox = outbox_service
        self._versions: dict[int, PlanView] = {}
        self._current: tuple[datetime, PlanView] | None = None

    async def current(self) -> PlanView:
        """Return the current version.

        Published versions never change, so they are kept in memory; which one is current is
        asked again at most every few seconds (another process may have published one) and at
        once after a publication here.
        """
        now = self._clock.now()
        if self._current is not None and now - self._current[0] < CURRENT_RECHECK:
            return self._current[1]
        async with self._sessions.begin() as session:
            row = await latest(session)
            if row is None:
                raise errors.NoPlan
            view = await self._view(session, row)
        self._current = (now, view)
        return view

    async def archived(self, version: int) -> PlanView | None:
        """The last version of a closed period, readable but no longer to confirm; ``None``
        for any other version (a superseded one, or one that never existed)."""
        async with self._sessions.begin() as session:
            row = await session.scalar(select(Plan).where(Plan.version == version))
            if row is None:
                return None
            period = await session.get_one(EmulationPeriod, row.period_id)
            last = await session.scalar(
                select(func.max(Plan.version)).where(Plan.period_id == row.period_id)
            )
            if period.state != periods.CLOSED or last != version:
                return None
            return await self._view(session, row)

    async def _view(self, session: AsyncSession, row: Plan) -> PlanView:
        if row.version not in self._versions:
            sections = await session.scalars(
                select(SectionRow)
                .where(SectionRow.plan_id == row.id)
                .order_by(SectionRow.position)
            )
            period = await session.get_one(EmulationPeriod, row.period_id)
            self._versions[row.version] = PlanView(
                row.id,
                row.version,
                row.title,
                row.digest,
                row.published_at,
                tuple(PlanSection(s.number, s.title, s.body, s.items) for s in sections),
                period.code,
                (period.first_year, period.last_year),
            )
        return self._versions[row.version]

    async def movements(self) -> tuple[MovementView, ...]:
        """Return the active movements in the plan's order."""
        async with self._sessions.begin() as session:
            rows = await session.scalars(
                select(Movement).where(Movement.active.is_(True)).order_by(Movement.position)
            )
            return tuple(MovementView(m.code, m.name, m.description) for m in rows)

    async def confirmation(self, member_id: int) -> Confirmation | None:
        """Return the member's confirmation of the current version, if any."""
        plan = await self.current()
        async with self._sessions.begin() as session:
            at = await session.scalar(
                select(Acknowledgement.confirmed_at).where(
                    Acknowledgement.plan_id == plan.id, Acknowledgement.member_id == member_id
                )
            )
        return None if at is None else Confirmation(plan.version, at, new=False)

    async def confirm(self, member: MemberView, version: int) -> Confirmation:
        """Record "Tôi đã đọc và cam kết thực hiện" for ``version``, which must be current."""
        now = self._clock.now()
        async with self._sessions.begin() as session:
            plan = await latest_or_fail(session)
            if plan.version != version:
                raise errors.PlanOutdated(version=plan.version)
            at = await session.scalar(
                select(Acknowledgement.confirmed_at).where(
                    Acknowledgement.plan_id == plan.id, Acknowledgement.member_id == member.id
                )
            )
            if at is not None:
                return Confirmation(plan.version, at, new=False)
            row = {"plan_id": plan.id, "member_id": member.id, "confirmed_at": now}
            # A second process confirming the same member at the same time is harmless, but
            # only the call whose row went in may score, or the board would count it twice.
            inserted = await session.execute(insert_new(session, row))
            if inserted.first() is None:
                return Confirmation(plan.version, now, new=False)
            session.add(
                ScoreEvent(
                    kind="plan_confirmed",
                    member_id=member.id,
                    unit_id=member.unit.id,
                    share=100,
                    entity="plan",
                    entity_id=plan.id,
                    at=now,
                )
            )
            audit.record(
                session,
                at=now,
                actor=audit.Actor(member.full_name, member.id),
                action="plan.confirm",
                entity="plan",
                entity_id=plan.version,
            )
        return Confirmation(plan.version, now, new=True)

    async def publish(
        self,
        actor: MemberView | None,
        source: str,
        file_name: str,
        *,
        dialog: Draft | None = None,
        period: tuple[int, int] | None = None,
    ) -> Published:
        """Publish a plan text as the next version and tell every member (``None``: the CLI).

        With ``period`` (its first and last year), the open period is closed and that one
        opened in the same transaction, with this document as its first plan; without it, the
        document is the open period's next version.

        Raises:
            PlanFormatError: The text is not a valid plan document; nothing changes.
            PeriodOverlaps: ``period`` does not begin after every existing period.
            PeriodMismatch: The document's title names other years than ``period``.
        """
        if actor is not None:
            require_role(actor, OFFICE)
        document = parse_plan(source)
        named = periods.title_years(document.title)
        if period is not None and named is not None and named != period:
            raise errors.PeriodMismatch(code=periods.code_of(period), named=periods.code_of(named))
        now = self._clock.now()
        who = audit.CLI if actor is None else audit.Actor(actor.full_name, actor.id)
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            previous = await latest(session)
            if previous is not None and previous.digest == document.digest:
                raise errors.PlanUnchanged(version=previous.version)
            target = await self._period_for(session, period, now, who)
            version = 1 if previous is None else previous.version + 1
            plan = plan_row(document, source, version, file_name, now, actor, target.id)
            session.add(plan)
            await session.flush()
            session.add_all(section_rows(plan.id, document))
            await sync_movements(session, document, now, target.id)
            text = (
                self._texts.t("plan.new_version_message", version=version)
                if period is None
                else self._texts.t("period.new_period_message", name=target.name, version=version)
            )
            notified = await self._tell_everyone(session, text, version, now)
            audit.record(
                session,
                at=now,
                actor=who,
                action="plan.publish",
                entity="plan",
                entity_id=version,
                after={
                    "title": document.title,
                    "file": file_name,
                    "digest": document.digest,
                    "period": target.code,
                },
            )
            await drafts.close(session, dialog, "dialog.done.plan", at=now, version=version)
        self._current = None
        self._outbox.notify()
        return Published(version, notified)

    async def _period_for(
        self,
        session: AsyncSession,
        years: tuple[int, int] | None,
        now: datetime,
        who: audit.Actor,
    ) -> EmulationPeriod:
        if years is None:
            return await periods.open_row(session)
        name = self._texts.t("period.name", first=years[0], last=years[1])
        return await periods.open_new(session, years, name=name, now=now, actor=who)

    async def load_default(self, path: Path) -> Published | None:
        """Publish the configured plan file unless its content was published before, or its
        title names other years than the open period (that plan belongs to another period:
        ``python -m bot plan publish FILE --period …`` opens one).

        On a database where no plan was ever published, a file naming later years opens that
        period (a new installation configured with a 2026–2030 plan starts in 2026–2030).

        Raises:
            PlanFormatError: The file is not a valid plan document.
        """
        content = await asyncio.to_thread(path.read_bytes)
        document = parse_plan(content)
        source = content.decode("utf-8-sig")
        named = periods.title_years(document.title)
        async with self._sessions.begin() as session:
            seen = await session.scalar(select(Plan.id).where(Plan.digest == document.digest))
            first = await latest(session) is None
            current = await periods.open_row(session)
        if seen is not None:
            return None
        if named is not None and named != (current.first_year, current.last_year):
            if first and named[0] > current.last_year:
                return await self.publish(None, source, path.name, period=named)
            logger.warning(
                "plan.file %s names the years %s, not the open period %s: not published",
                path,
                named,
                current.code,
            )
            return None
        return await self.publish(None, source, path.name)

    async def _tell_everyone(
        self, session: AsyncSession, text: str, version: int, now: datetime
    ) -> int:
        members = await session.scalars(
            select(Member.id).where(Member.active.is_(True)).order_by(Member.id)
        )
        accounts = await reachable(session, members.all())
        return enqueue_notice(session, self._texts, accounts, text, version, now)
