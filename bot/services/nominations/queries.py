"""Reading nominations and what the nomination dialog offers: lists, details, the members of
a unit, the awards of a track and the initiatives a nominee may cite."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from bot import errors
from bot.config_awards import Award
from bot.domain import InitiativeState, NominationState, NomineeKind, Track
from bot.roles import REVIEWERS, UNIT_HEADS, Role
from bot.services.common import MemberView, StateCounts, count_states
from bot.services.initiatives import fold
from bot.services.nominations.checks import FITS
from bot.services.nominations.records import (
    CitedInitiative,
    NominationDraft,
    NominationView,
    Nominee,
    load_view,
)
from models import Initiative, InitiativeAuthor, Member, Nomination, Unit

#: Initiatives a nomination may cite as evidence.
RECOGNISED = (InitiativeState.RECOGNIZED.value, InitiativeState.APPLIED.value)


@dataclass(frozen=True, slots=True)
class NominationSummary:
    """One line of a list of nominations."""

    id: int
    code: str
    nominee_name: str
    award_name: str
    unit: str
    track: Track
    state: NominationState
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class NominationPage:
    """A page of a list; ``page`` counts from 0."""

    items: tuple[NominationSummary, ...]
    page: int
    pages: int
    total: int


@dataclass(frozen=True, slots=True)
class NomineeChoice:
    """A member of a unit who may be nominated."""

    id: int
    name: str
    position: str


class NominationQueries:
    """The read side of :class:`bot.services.nominations.service.NominationService`."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], awards: tuple[Award, ...]
    ) -> None:
        self._sessions = sessions
        self._awards = awards

    def awards_for(self, track: Track, kind: NomineeKind) -> tuple[Award, ...]:
        """The catalogue's forms of commendation of ``track`` that fit ``kind``, in the
        catalogue's order (emulation titles are proposed by a unit's vote list)."""
        fits = FITS[kind]
        return tuple(
            a
            for a in self._awards
            if track in a.tracks and a.applies_to in fits and a.kind != "title"
        )

    def _award(self, code: str) -> Award | None:
        return next((a for a in self._awards if a.code == code), None)

    def by_session(self, award_code: str) -> bool:
        """Whether a council session decides the award's items (its vote threshold is set):
        recommending or rejecting one item from its screen is then refused."""
        award = self._award(award_code)
        return award is not None and award.vote_threshold is not None

    async def view(self, viewer: MemberView, item_id: int) -> NominationView:
        """A nomination with its cited initiatives and history, if the viewer may see it.

        The nominator, the head of the nominating unit and reviewers see it.
        """
        async with self._sessions.begin() as session:
            view = await load_view(session, item_id)
        if not may_see(viewer, view):
            raise errors.NominationNotFound
        return view

    async def mine(self, nominator: MemberView, page: int, size: int) -> NominationPage:
        """The nominations the member submitted, newest change first."""
        return await self._page(Nomination.nominator_id == nominator.id, page, size)

    async def queue(
        self, reviewer: MemberView, state: NominationState | None, page: int, size: int
    ) -> NominationPage:
        """The review queue, longest waiting first; without a state, all but withdrawn ones."""
        if reviewer.role not in REVIEWERS:
            raise errors.NotAllowed
        condition = (
            Nomination.state != NominationState.WITHDRAWN
            if state is None
            else Nomination.state == state
        )
        return await self._page(condition, page, size, oldest_first=True)

    async def state_counts(self, viewer: MemberView) -> StateCounts:
        """Nominations per state (reviewers: all; a unit head: their unit's), in one query."""
        order = (s.value for s in NominationState)
        return await count_states(
            self._sessions, viewer, Nomination.state, Nomination.unit_id, order
        )

    async def nominee_choices(self, actor: MemberView, unit_id: int) -> tuple[NomineeChoice, ...]:
        """The active members of a unit the actor may nominate for, by name."""
        if actor.role not in UNIT_HEADS or (
            actor.role is Role.UNIT_HEAD and unit_id != actor.unit.id
        ):
            raise errors.NotAllowed
        async with self._sessions.begin() as session:
            rows = await session.execute(
                select(Member.id, Member.full_name, Member.position)
                .where(Member.unit_id == unit_id, Member.active.is_(True))
                .order_by(Member.full_name, Member.id)
            )
            return tuple(NomineeChoice(*row) for row in rows)

    async def recognised_initiatives(self, nominee: Nominee) -> tuple[CitedInitiative, ...]:
        """Recognised (or applied) initiatives the nominee may cite, by code.

        A member cites those they authored, a collective those of the unit, a person not
        registered those listing an outside author of the same name in the unit.
        """
        async with self._sessions.begin() as session:
            return await _eligible(session, nominee)

    async def check_cited(self, session: AsyncSession, draft: NominationDraft) -> None:
        """Refuse a draft citing an initiative the nominee may not cite."""
        if not draft.initiative_ids:
            return
        allowed = {c.id for c in await _eligible(session, draft.nominee)}
        if not set(draft.initiative_ids) <= allowed:
            raise errors.InitiativeNotEligible

    async def _page(
        self, condition: ColumnElement[bool], page: int, size: int, *, oldest_first: bool = False
    ) -> NominationPage:
        order = Nomination.updated_at.asc() if oldest_first else Nomination.updated_at.desc()
        async with self._sessions.begin() as session:
            total = await session.scalar(select(func.count(Nomination.id)).where(condition)) or 0
            pages = max(1, -(-total // size))
            page = min(max(page, 0), pages - 1)
            rows = await session.execute(
                select(Nomination, Unit.name)
                .join(Unit, Unit.id == Nomination.unit_id)
                .where(condition)
                .order_by(order, Nomination.id)
                .offset(page * size)
                .limit(size)
            )
            items = tuple(
                NominationSummary(
                    n.id,
                    n.code,
                    n.nominee_name,
                    n.award_name,
                    unit,
                    Track(n.track),
                    NominationState(n.state),
                    n.updated_at,
                )
                for n, unit in rows
            )
        return NominationPage(items, page, pages, total)


def may_see(viewer: MemberView, view: NominationView) -> bool:
    """The nominator, the head of the nominating unit and reviewers see a nomination."""
    if viewer.role in REVIEWERS:
        return True
    if viewer.role is Role.UNIT_HEAD and viewer.unit.id == view.unit_id:
        return True
    return view.nominator_id == viewer.id


async def _eligible(session: AsyncSession, nominee: Nominee) -> tuple[CitedInitiative, ...]:
    query = select(Initiative.id, Initiative.code, Initiative.title).where(
        Initiative.state.in_(RECOGNISED)
    )
    if nominee.kind is NomineeKind.MEMBER:
        authored = select(InitiativeAuthor.initiative_id).where(
            InitiativeAuthor.member_id == nominee.member_id
        )
        query = query.where(Initiative.id.in_(authored))
    elif nominee.kind is NomineeKind.COLLECTIVE:
        query = query.where(Initiative.unit_id == nominee.unit_id)
    else:
        wanted = fold(" ".join(nominee.name.split()))
        outsiders = await session.execute(
            select(InitiativeAuthor.initiative_id, InitiativeAuthor.name).where(
                InitiativeAuthor.member_id.is_(None)
            )
        )
        ids = {i for i, name in outsiders if fold(" ".join(name.split())) == wanted}
        query = query.where(Initiative.id.in_(ids), Initiative.unit_id == nominee.unit_id)
    rows = await session.execute(query.order_by(Initiative.code))
    return tuple(CitedInitiative(*row) for row in rows)
