"""Reading council sessions (DESIGN §3.10): what waits for a session, a member's open ballots
and agenda, the Office's list of sessions, an open session's votes so far and a closed one's
results. The use cases that change them are :mod:`bot.services.councils.sessions`."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.config_awards import Award, Council
from bot.domain import NominationState
from bot.roles import OFFICE
from bot.services.common import MemberView, require_role
from bot.services.councils.session_rows import (
    ballots_of,
    items_of,
    load_session,
    on_open_sessions,
    seat_units,
    seated,
)
from bot.services.councils.session_views import (
    CLOSED,
    OPEN,
    AgendaItem,
    BallotSession,
    ItemProgress,
    ItemResult,
    ReviewGroup,
    SessionResults,
    SessionView,
    has_stake,
)
from bot.services.councils.tally import Result, Tally
from models import CouncilSeat, CouncilSession, Nomination, SessionItem

#: Closed sessions the Office's list shows, newest first.
RECENT = 10


@dataclass(frozen=True, slots=True)
class SessionProgress:
    """A session with each item's votes so far (how many, never how)."""

    session: SessionView
    items: tuple[ItemProgress, ...]


class SessionQueries:
    """The read side of :class:`bot.services.councils.sessions.SessionService`."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        *,
        councils: tuple[Council, ...],
        awards: tuple[Award, ...],
        zone: ZoneInfo,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._zone = zone
        self._councils = {c.code: c for c in councils}
        self._awards = {a.code: a for a in awards}

    def emulation_councils(self, actor: MemberView) -> tuple[Council, ...]:
        """The councils whose sessions vote on awards, in the catalogue's order.

        Raises:
            NotAllowed: Only the Office and admins open sessions.
        """
        require_role(actor, OFFICE)
        return tuple(c for c in self._councils.values() if c.kind == "emulation")

    async def reviewable(self, actor: MemberView, council_code: str) -> tuple[ReviewGroup, ...]:
        """The nominations under review whose award this council advises on and that are on no
        open session, grouped by award in the catalogue's order, by unit and name within.

        Raises:
            NotAllowed: Only the Office and admins open sessions.
            UnknownCouncil: No emulation council has this code.
        """
        require_role(actor, OFFICE)
        self._emulation(council_code)
        codes = [a.code for a in self._awards.values() if a.council == council_code]
        async with self._sessions() as session:
            rows = await session.execute(
                select(Nomination.id, Nomination.award_code)
                .where(
                    Nomination.state == NominationState.UNDER_REVIEW,
                    Nomination.award_code.in_(codes),
                    Nomination.id.not_in(on_open_sessions()),
                )
                .order_by(Nomination.unit_id, Nomination.nominee_name, Nomination.id)
            )
            found: dict[str, list[int]] = {}
            for item_id, award in rows:
                found.setdefault(award, []).append(item_id)
        return tuple(
            ReviewGroup(code, self._awards[code].name, tuple(found[code]))
            for code in codes
            if code in found
        )

    async def agenda(self, member: MemberView, session_id: int) -> tuple[AgendaItem, ...]:
        """The session's items, each saying whether the member may vote on it now.

        Raises:
            NotSeated: The member is neither seated on the council nor of the Office.
            SessionNotFound: No such session.
        """
        async with self._sessions() as session:
            opened = await session.get(CouncilSession, session_id)
            if opened is None:
                raise errors.SessionNotFound
            sits = await seated(session, opened.council_code, member.id)
            if not sits and member.role not in OFFICE:
                raise errors.NotSeated
            rows = await items_of(session, [session_id])
            mine = await ballots_of(session, member.id, [item.id for item, _ in rows])
        agenda = []
        for item, row in rows:
            stake = has_stake(member.id, member.unit.id, row)
            voted = item.id in mine
            may = sits and opened.state == OPEN and not voted and not stake
            agenda.append(
                AgendaItem(
                    item.id,
                    row.id,
                    row.code,
                    row.nominee_name,
                    row.award_name,
                    item.secret,
                    may_vote=may,
                    voted=voted,
                    stake=sits and stake,
                )
            )
        return tuple(agenda)

    async def open_sessions(self, member: MemberView) -> tuple[BallotSession, ...]:
        """The open sessions of the councils the member sits on, oldest first, each with how
        many items still wait for the member's vote.

        Raises:
            NotSeated: The member sits on no council.
        """
        async with self._sessions() as session:
            councils = select(CouncilSeat.council_code).where(CouncilSeat.member_id == member.id)
            if not (await session.scalars(councils)).first():
                raise errors.NotSeated
            opened = list(
                await session.scalars(
                    select(CouncilSession)
                    .where(CouncilSession.state == OPEN, CouncilSession.council_code.in_(councils))
                    .order_by(CouncilSession.opened_at, CouncilSession.id)
                )
            )
            rows = await items_of(session, [s.id for s in opened])
            mine = await ballots_of(session, member.id, [item.id for item, _ in rows])
        items: dict[int, int] = {}
        waiting: dict[int, int] = {}
        for item, row in rows:
            items[item.session_id] = items.get(item.session_id, 0) + 1
            free = item.id not in mine and not has_stake(member.id, member.unit.id, row)
            waiting[item.session_id] = waiting.get(item.session_id, 0) + free
        return tuple(
            BallotSession(
                s.id,
                s.code,
                self._council_name(s.council_code),
                s.title,
                items.get(s.id, 0),
                waiting.get(s.id, 0),
            )
            for s in opened
        )

    async def sessions(self, actor: MemberView) -> tuple[SessionView, ...]:
        """Every open session, oldest first, then the most recent closed ones.

        Raises:
            NotAllowed: Only the Office and admins run sessions.
        """
        require_role(actor, OFFICE)
        async with self._sessions() as session:
            opened = await session.scalars(
                select(CouncilSession)
                .where(CouncilSession.state == OPEN)
                .order_by(CouncilSession.opened_at, CouncilSession.id)
            )
            closed = await session.scalars(
                select(CouncilSession)
                .where(CouncilSession.state == CLOSED)
                .order_by(CouncilSession.closed_at.desc(), CouncilSession.id.desc())
                .limit(RECENT)
            )
            found = [*opened, *closed]
            counts = dict(
                (
                    await session.execute(
                        select(SessionItem.session_id, func.count())
                        .where(SessionItem.session_id.in_([s.id for s in found]))
                        .group_by(SessionItem.session_id)
                    )
                ).all()
            )
        return tuple(self._view(s, counts.get(s.id, 0)) for s in found)

    async def progress(self, actor: MemberView, session_id: int) -> SessionProgress:
        """A session and, for each item, how many have voted of the members who may.

        Raises:
            NotAllowed: Only the Office and admins run sessions.
            SessionNotFound: No such session.
        """
        require_role(actor, OFFICE)
        async with self._sessions() as session:
            opened = await load_session(session, session_id)
            seats = await seat_units(session, opened.council_code)
            rows = await items_of(session, [session_id])
        items = tuple(
            ItemProgress(
                item.id,
                row.code,
                row.nominee_name,
                row.award_name,
                voted=item.agree + item.disagree,
                voters=sum(not has_stake(m, unit, row) for m, unit in seats.items()),
            )
            for item, row in rows
        )
        return SessionProgress(self._view(opened, len(items)), items)

    async def results(self, actor: MemberView, session_id: int) -> SessionResults:
        """A session's tally per item against all the council's members, with its result
        (results are empty while it is open).

        Raises:
            NotAllowed: Only the Office and admins run sessions.
            SessionNotFound: No such session.
        """
        require_role(actor, OFFICE)
        async with self._sessions() as session:
            opened = await load_session(session, session_id)
            rows = await items_of(session, [session_id])
        members = opened.members_total or 0
        council = self._councils.get(opened.council_code)
        items = tuple(
            ItemResult(
                row.id,
                row.code,
                row.nominee_name,
                Tally(item.agree, item.disagree, members),
                item.threshold,
                Result(item.result),
                row.award_name,
            )
            for item, row in rows
        )
        view = self._view(opened, len(items))
        return SessionResults(view, members, council.quorum if council else None, items)

    def _emulation(self, code: str) -> Council:
        council = self._councils.get(code)
        if council is None or council.kind != "emulation":
            raise errors.UnknownCouncil(code=code)
        return council

    def _council_name(self, code: str) -> str:
        council = self._councils.get(code)
        return council.name if council else code

    def _view(self, row: CouncilSession, items: int) -> SessionView:
        return SessionView(
            row.id,
            row.code,
            row.council_code,
            row.title,
            row.state,
            items,
            council_name=self._council_name(row.council_code),
            opened_at=row.opened_at,
            closed_at=row.closed_at,
        )
