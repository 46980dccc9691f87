"""The councils' rolls (``/hoidong``): the Office seats members on a council of ``[[councils]]``
and unseats them; a vote's share is counted over these seats (DESIGN §3.10).

Each public method is one transaction and writes the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.collation import sorted_vi
from bot.config_awards import Council
from bot.roles import OFFICE, REVIEWERS
from bot.services.common import MemberView, audit, require_role
from models import CouncilSeat, Member, Unit


class Position(StrEnum):
    """A seat's position: chủ tịch, phó chủ tịch or ủy viên."""

    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    MEMBER = "member"


@dataclass(frozen=True, slots=True)
class CouncilView:
    """A configured council and how many active members sit on it."""

    code: str
    name: str
    kind: str
    seats: int


@dataclass(frozen=True, slots=True)
class SeatView:
    """One seat of a council's roll."""

    member_id: int
    full_name: str
    unit: str
    position: Position


@dataclass(frozen=True, slots=True)
class Candidate:
    """An active member the Office may seat, with their job title."""

    id: int
    full_name: str
    position: str


class CouncilService:
    """Reading and keeping the councils' rolls."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        *,
        councils: tuple[Council, ...],
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._councils = {council.code: council for council in councils}

    async def councils(self, viewer: MemberView) -> tuple[CouncilView, ...]:
        """The configured councils in the catalogue's order, with their active seats.

        Raises:
            NotAllowed: Only reviewers (the Office, councils, leaders, admins) read the rolls.
        """
        require_role(viewer, REVIEWERS)
        async with self._sessions() as session:
            counts = dict(
                (
                    await session.execute(
                        select(CouncilSeat.council_code, func.count())
                        .join(Member, Member.id == CouncilSeat.member_id)
                        .where(Member.active.is_(True))
                        .group_by(CouncilSeat.council_code)
                    )
                ).all()
            )
        return tuple(
            CouncilView(c.code, c.name, c.kind, counts.get(c.code, 0))
            for c in self._councils.values()
        )

    async def roll(self, viewer: MemberView, council_code: str) -> tuple[SeatView, ...]:
        """The active members seated on a council: the chair first, then by given name.

        Raises:
            NotAllowed: Only reviewers read the rolls.
            UnknownCouncil: No council of ``[[councils]]`` has this code.
        """
        require_role(viewer, REVIEWERS)
        self._council(council_code)
        async with self._sessions() as session:
            return await seats_of(session, council_code)

    async def candidate_units(self, actor: MemberView) -> tuple[tuple[int, str], ...]:
        """The units with active members (id, name), in Vietnamese order: where to look for
        someone to seat.

        Raises:
            NotAllowed: Only the Office and admins keep the rolls.
        """
        require_role(actor, OFFICE)
        async with self._sessions() as session:
            rows = await session.execute(
                select(Unit.id, Unit.name).where(
                    Unit.id.in_(select(Member.unit_id).where(Member.active.is_(True)))
                )
            )
            found = [(unit_id, name) for unit_id, name in rows]
        return tuple(sorted_vi(found, key=lambda unit: unit[1]))

    async def candidates(self, actor: MemberView, unit_id: int) -> tuple[Candidate, ...]:
        """The active members of a unit, by name: whom the Office may seat.

        Raises:
            NotAllowed: Only the Office and admins keep the rolls.
        """
        require_role(actor, OFFICE)
        async with self._sessions() as session:
            rows = await session.execute(
                select(Member.id, Member.full_name, Member.position).where(
                    Member.unit_id == unit_id, Member.active.is_(True)
                )
            )
            found = [Candidate(*row) for row in rows]
        return tuple(sorted_vi(found, key=lambda c: c.full_name))

    async def seat(
        self, actor: MemberView, council_code: str, member_id: int, position: Position
    ) -> SeatView:
        """Seat an active member on a council, or change their position there.

        Raises:
            NotAllowed: Only the Office and admins keep the rolls.
            UnknownCouncil: No council has this code.
            MemberNotFound: No active member has this id.
        """
        require_role(actor, OFFICE)
        self._council(council_code)
        now = self._clock.now()
        async with self._sessions.begin() as session:
            member = await session.get(Member, member_id)
            if member is None or not member.active:
                raise errors.MemberNotFound
            seat = await session.scalar(
                select(CouncilSeat).where(
                    CouncilSeat.council_code == council_code, CouncilSeat.member_id == member_id
                )
            )
            before = None if seat is None else {"position": seat.position}
            if seat is None:
                seat = CouncilSeat(
                    council_code=council_code,
                    member_id=member_id,
                    position=position,
                    added_at=now,
                    added_by=actor.id,
                )
                session.add(seat)
            else:
                seat.position = position
            audit.record(
                session,
                at=now,
                actor=audit.Actor(actor.full_name, actor.id),
                action="council.seat",
                entity="council",
                entity_id=f"{council_code}:{member_id}",
                before=before,
                after={"position": position.value},
            )
            unit = await session.scalar(select(Unit.name).where(Unit.id == member.unit_id))
            return SeatView(member.id, member.full_name, unit or "", position)

    async def unseat(self, actor: MemberView, council_code: str, member_id: int) -> bool:
        """Take a member off a council; ``False`` when they had no seat there.

        Raises:
            NotAllowed: Only the Office and admins keep the rolls.
            UnknownCouncil: No council has this code.
        """
        require_role(actor, OFFICE)
        self._council(council_code)
        now = self._clock.now()
        async with self._sessions.begin() as session:
            removed = await session.execute(
                delete(CouncilSeat).where(
                    CouncilSeat.council_code == council_code, CouncilSeat.member_id == member_id
                )
            )
            if not removed.rowcount:  # type: ignore[attr-defined]
                return False
            audit.record(
                session,
                at=now,
                actor=audit.Actor(actor.full_name, actor.id),
                action="council.unseat",
                entity="council",
                entity_id=f"{council_code}:{member_id}",
            )
            return True

    def _council(self, code: str) -> Council:
        council = self._councils.get(code)
        if council is None:
            raise errors.UnknownCouncil(code=code)
        return council


#: The order of positions on a roll.
_RANK = {Position.CHAIR: 0, Position.VICE_CHAIR: 1, Position.MEMBER: 2}


async def seats_of(session: AsyncSession, council_code: str) -> tuple[SeatView, ...]:
    """The active members seated on a council, the chair first, then by name."""
    rows = await session.execute(
        select(Member.id, Member.full_name, Unit.name, CouncilSeat.position)
        .join(CouncilSeat, CouncilSeat.member_id == Member.id)
        .join(Unit, Unit.id == Member.unit_id)
        .where(CouncilSeat.council_code == council_code, Member.active.is_(True))
    )
    seats = [SeatView(m, name, unit, Position(pos)) for m, name, unit, pos in rows]
    by_name = sorted_vi(seats, key=lambda s: s.full_name)
    return tuple(sorted(by_name, key=lambda s: _RANK[s.position]))
