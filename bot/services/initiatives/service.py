"""Initiatives (sáng kiến, giải pháp): submitting, resubmitting and reading them.

Transitions and council scores live in :mod:`bot.services.initiatives.review`; both share the
views and helpers here; a list's lines and pages are :mod:`bot.services.initiatives.summaries`.
Every public method is one transaction.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from bot import errors
from bot.clock import Clock
from bot.dialog_spec import Draft
from bot.domain import InitiativeState
from bot.roles import REVIEWERS, Role
from bot.services.common import MemberView, StateCounts, count_states, next_number
from bot.services.conversation import drafts
from bot.services.delivery import OutboxService
from bot.services.initiatives.desk import (
    DeskFilter,
    DeskPage,
    DeskQueries,
    fold,
    write_search_text,
)
from bot.services.initiatives.evaluation import seat_of
from bot.services.initiatives.follow_ups import notify_authors, write_events
from bot.services.initiatives.parts import proposal_fields, store_parts
from bot.services.initiatives.records import (
    InitiativeView,
    Proposal,
    load_view,
)
from bot.services.initiatives.summaries import (
    MemberMatch,
    QueueFilter,
    SummaryPage,
    summary_page,
)
from bot.services.initiatives.workflow import FLOW, TRANSITIONS, Action
from bot.services.workflow import Change
from bot.texts import Texts
from models import Initiative, InitiativeApplier, InitiativeAuthor, Member, Movement, Unit


class InitiativeService:
    """Submitting and reading initiatives."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        texts: Texts,
        outbox_service: OutboxService,
        *,
        zone: ZoneInfo,
        daily_cap: int,
        initiative_councils: tuple[str, ...] = (),
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._texts = texts
        self._outbox = outbox_service
        self._zone = zone
        self._daily_cap = daily_cap
        self._councils = initiative_councils
        self._desk = DeskQueries()

    async def submit(
        self, author: MemberView, proposal: Proposal, *, dialog: Draft | None = None
    ) -> InitiativeView:
        """Give the proposal its code, record it as submitted and tell the co-authors.

        Raises:
            DailyCapReached: The author reached today's limit.
            InvalidProposal: The shares do not add up or a value is out of bounds.
        """
        proposal.check(author.id)
        now = self._clock.now()
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            if await self._submitted_today(session, author.id, now) >= self._daily_cap:
                raise errors.DailyCapReached(cap=self._daily_cap)
            year = now.astimezone(self._zone).year
            code = f"SK-{year}-{await next_number(session, f'SK-{year}'):04d}"
            item = Initiative(
                code=code,
                year=year,
                author_id=author.id,
                unit_id=author.unit.id,
                state=InitiativeState.SUBMITTED,
                submitted_at=now,
                updated_at=now,
                **await proposal_fields(session, proposal),
            )
            session.add(item)
            await session.flush()
            await store_parts(session, item.id, author, proposal)
            await write_search_text(session, item)
            await FLOW.attach(session, item.id, proposal.files, now)
            FLOW.record(session, item, InitiativeState.DRAFT, Change.by(author, now))
            await write_events(session, item, "initiative_submitted", now)
            view = await load_view(session, item.id)
            await notify_authors(session, self._texts, view, "submitted", "", now, skip=author.id)
            await drafts.close(session, dialog, "dialog.done.initiative", at=now, code=code)
        self._outbox.notify()
        return view

    async def resubmit(
        self, author: MemberView, item_id: int, proposal: Proposal, *, dialog: Draft | None = None
    ) -> InitiativeView:
        """Replace a returned initiative's content and send it back to the Office."""
        proposal.check(author.id)
        now = self._clock.now()
        async with self._sessions.begin() as session:
            await drafts.claim(session, dialog)
            item = await FLOW.get(session, item_id)
            if item.author_id != author.id:
                raise errors.InitiativeNotFound
            resubmit = TRANSITIONS[Action.RESUBMIT]
            fields = await proposal_fields(session, proposal)
            await FLOW.advance(session, item, resubmit, Change.by(author, now), values=fields)
            for table in (InitiativeAuthor, InitiativeApplier):
                await session.execute(delete(table).where(table.initiative_id == item.id))
            await store_parts(session, item.id, author, proposal)
            await write_search_text(session, item)
            await FLOW.attach(session, item.id, proposal.files, now, replace=True)
            view = await load_view(session, item.id)
            await notify_authors(
                session, self._texts, view, "resubmitted", "", now, skip=author.id
            )
            await drafts.close(session, dialog, "dialog.done.resubmitted", at=now, code=item.code)
        self._outbox.notify()
        return view

    async def remaining_today(self, member: MemberView) -> int:
        """How many more initiatives the member may submit today."""
        async with self._sessions.begin() as session:
            done = await self._submitted_today(session, member.id, self._clock.now())
        return max(0, self._daily_cap - done)

    async def view(self, viewer: MemberView, item_id: int) -> InitiativeView:
        """An initiative with its authors, files and history, if the viewer may see it (a
        member seated on an initiative council sees it too), with the viewer's seat."""
        async with self._sessions.begin() as session:
            view = await load_view(session, item_id)
            seat = await seat_of(session, viewer.id, self._councils)
        if not (may_see(viewer, view) or seat):
            raise errors.InitiativeNotFound
        return replace(view, viewer_seat=seat)

    async def dossier(self, viewer: MemberView, item_id: int) -> InitiativeView:
        """:meth:`view` for the web app, which tells an item that exists but is not the
        viewer's (a forged address) from one that does not exist.

        Raises:
            InitiativeNotFound: No such initiative.
            NotAllowed: It exists, but the viewer may not see it.
        """
        async with self._sessions.begin() as session:
            view = await load_view(session, item_id)
            seat = await seat_of(session, viewer.id, self._councils)
        if not (may_see(viewer, view) or seat):
            raise errors.NotAllowed
        return replace(view, viewer_seat=seat)

    async def mine(self, member: MemberView, page: int, size: int) -> SummaryPage:
        """The member's initiatives (as author, co-author or filer for the investor), newest
        first."""
        authored = select(InitiativeAuthor.initiative_id).where(
            InitiativeAuthor.member_id == member.id
        )
        filed = Initiative.author_id == member.id
        return await self._summaries(Initiative.id.in_(authored) | filed, page, size)

    async def of_unit(self, head: MemberView, page: int, size: int) -> SummaryPage:
        """A unit head's view of their unit's initiatives."""
        if head.role is not Role.UNIT_HEAD and head.role not in REVIEWERS:
            raise errors.NotAllowed
        return await self._summaries(Initiative.unit_id == head.unit.id, page, size)

    async def queue(
        self, reviewer: MemberView, where: QueueFilter, page: int, size: int
    ) -> SummaryPage:
        """The review queue for the Office and the Council, oldest change first."""
        if reviewer.role not in REVIEWERS:
            raise errors.NotAllowed
        condition = Initiative.state != InitiativeState.WITHDRAWN
        if where.state is not None:
            condition = Initiative.state == where.state
        if where.unit_id is not None:
            condition &= Initiative.unit_id == where.unit_id
        if where.field is not None:
            condition &= Initiative.field == where.field
        return await self._summaries(condition, page, size, oldest_first=True)

    async def desk(self, viewer: MemberView, where: DeskFilter, page: int, size: int) -> DeskPage:
        """The web desk's table: the whole queue for reviewers, their unit's initiatives for a
        unit head (:mod:`bot.services.initiatives.desk`), oldest change first.

        Raises:
            NotAllowed: The viewer is neither a reviewer nor a unit head.
        """
        prepared = self._desk.prepare(viewer, where)
        async with self._sessions.begin() as session:
            return await self._desk.page(session, prepared, page, size, self._clock.now())

    async def queue_by_unit(self, reviewer: MemberView) -> dict[int, int]:
        """How many initiatives of the whole queue each unit has (units with none left out)."""
        if reviewer.role not in REVIEWERS:
            raise errors.NotAllowed
        async with self._sessions.begin() as session:
            rows = await session.execute(
                select(Initiative.unit_id, func.count(Initiative.id))
                .where(Initiative.state != InitiativeState.WITHDRAWN)
                .group_by(Initiative.unit_id)
            )
            return {int(unit): int(count) for unit, count in rows.all()}

    async def state_counts(self, viewer: MemberView) -> StateCounts:
        """Initiatives per state (reviewers: all; a unit head: their unit's), in one query."""
        order = (s.value for s in InitiativeState if s is not InitiativeState.DRAFT)
        return await count_states(
            self._sessions, viewer, Initiative.state, Initiative.unit_id, order
        )

    async def find_members(self, query: str, limit: int = 8) -> tuple[MemberMatch, ...]:
        """Active members whose name contains ``query``, ignoring case and diacritics."""
        wanted = fold(" ".join(query.split()))
        async with self._sessions.begin() as session:
            rows = await session.execute(
                select(Member.id, Member.full_name, Unit.name, Member.position)
                .join(Unit, Unit.id == Member.unit_id)
                .where(Member.active.is_(True))
                .order_by(Member.full_name)
            )
            found = [MemberMatch(*row) for row in rows if wanted in fold(row[1])]
        return tuple(found[:limit])

    async def movement_choices(self) -> tuple[tuple[str, str], ...]:
        """``(code, name)`` of the active movements, in the plan's order."""
        async with self._sessions.begin() as session:
            rows = await session.execute(
                select(Movement.code, Movement.name)
                .where(Movement.active.is_(True))
                .order_by(Movement.position)
            )
            return tuple((code, name) for code, name in rows)

    async def _summaries(
        self, condition: ColumnElement[bool], page: int, size: int, *, oldest_first: bool = False
    ) -> SummaryPage:
        async with self._sessions.begin() as session:
            return await summary_page(session, condition, page, size, oldest_first=oldest_first)

    async def _submitted_today(self, session: AsyncSession, author_id: int, now: datetime) -> int:
        local = now.astimezone(self._zone).date()
        start = datetime.combine(local, time(), tzinfo=self._zone)
        counted = await session.scalar(
            select(func.count(Initiative.id)).where(
                Initiative.author_id == author_id,
                Initiative.submitted_at >= start,
                Initiative.submitted_at < start + timedelta(days=1),
            )
        )
        return counted or 0


def may_see(viewer: MemberView, view: InitiativeView) -> bool:
    """Authors, co-authors, the filer, the unit's head and reviewers see an initiative."""
    if viewer.role in REVIEWERS or viewer.id == view.author_id:
        return True
    if viewer.role is Role.UNIT_HEAD and viewer.unit.id == view.unit_id:
        return True
    return any(a.member_id == viewer.id for a in view.authors)
