"""The rows council sessions are read from: the session, its items with their nominations,
a member's ballots and seats, and the nominations already on an open session."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import NamedTuple

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import errors
from bot.services.common import is_postgres
from bot.services.councils.session_views import OPEN
from models import Ballot, CouncilSeat, CouncilSession, Member, Nomination, SessionItem


async def seated(session: AsyncSession, council_code: str, member_id: int) -> bool:
    """Whether the member is seated on the council."""
    found = await session.scalar(
        select(func.count())
        .select_from(CouncilSeat)
        .where(CouncilSeat.council_code == council_code, CouncilSeat.member_id == member_id)
    )
    return bool(found)


async def seat_units(session: AsyncSession, council_code: str) -> dict[int, int]:
    """The council's active members and the unit of each."""
    rows = await session.execute(
        select(Member.id, Member.unit_id)
        .join(CouncilSeat, CouncilSeat.member_id == Member.id)
        .where(CouncilSeat.council_code == council_code, Member.active.is_(True))
    )
    return dict(rows.all())


def on_open_sessions() -> Select[int]:
    """The nominations on an open session (a subquery)."""
    return (
        select(SessionItem.nomination_id)
        .join(CouncilSession, CouncilSession.id == SessionItem.session_id)
        .where(CouncilSession.state == OPEN)
    )


class LockFor(Enum):
    """How a use case locks the session's row on PostgreSQL: votes share it, so a close
    waits for the votes under way and the votes after it see it closed."""

    READ = "read"
    VOTE = "vote"
    CLOSE = "close"


async def load_session(
    session: AsyncSession, session_id: int, *, lock: LockFor = LockFor.READ
) -> CouncilSession:
    """The session of this id, locked as ``lock`` says.

    Raises:
        SessionNotFound: No such session.
    """
    query = select(CouncilSession).where(CouncilSession.id == session_id)
    if lock is not LockFor.READ and is_postgres(session):
        query = query.with_for_update(read=lock is LockFor.VOTE)
    found = await session.scalar(query)
    if found is None:
        raise errors.SessionNotFound
    return found


async def items_of(
    session: AsyncSession, session_ids: Sequence[int]
) -> list[tuple[SessionItem, Nomination]]:
    """The sessions' items with their nominations, by unit and name."""
    if not session_ids:
        return []
    rows = await session.execute(
        select(SessionItem, Nomination)
        .join(Nomination, Nomination.id == SessionItem.nomination_id)
        .where(SessionItem.session_id.in_(session_ids))
        .order_by(Nomination.unit_id, Nomination.nominee_name, Nomination.id)
    )
    return [(item, row) for item, row in rows]


class ClosingRow(NamedTuple):
    """An item of a session as closing reads it: its votes and its nomination, as columns (a
    session may hold thousands)."""

    item_id: int
    agree: int
    disagree: int
    threshold: float | None
    id: int
    code: str
    state: str
    version: int
    nominee_name: str
    award_name: str
    nominator_id: int | None
    nominee_member_id: int | None
    list_id: int | None


async def tallies_of(session: AsyncSession, session_id: int) -> list[ClosingRow]:
    """Each item of the session with its votes, by unit and name."""
    rows = await session.execute(
        select(
            SessionItem.id,
            SessionItem.agree,
            SessionItem.disagree,
            SessionItem.threshold,
            Nomination.id,
            Nomination.code,
            Nomination.state,
            Nomination.version,
            Nomination.nominee_name,
            Nomination.award_name,
            Nomination.nominator_id,
            Nomination.nominee_member_id,
            Nomination.list_id,
        )
        .join(Nomination, Nomination.id == SessionItem.nomination_id)
        .where(SessionItem.session_id == session_id)
        .order_by(Nomination.unit_id, Nomination.nominee_name, Nomination.id)
    )
    return [ClosingRow._make(row) for row in rows]


async def ballots_of(session: AsyncSession, member_id: int, item_ids: Sequence[int]) -> set[int]:
    """The items among ``item_ids`` the member voted on."""
    if not item_ids:
        return set()
    found = await session.scalars(
        select(Ballot.item_id).where(Ballot.member_id == member_id, Ballot.item_id.in_(item_ids))
    )
    return set(found)
