"""Who works in a unit now: the list the Office and unit heads choose a member from when they
move one, change a role or record a leaving."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.collation import collation_key
from bot.roles import OFFICE, Role
from bot.services.common import MemberView
from models import Member, Unit


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """A working member: number, name, role and unit code."""

    id: int
    full_name: str
    role: Role
    unit: str


class RosterService:
    """Lists the working members of a unit, or of every unit."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def roster(
        self, by: MemberView | None, unit_code: str | None
    ) -> tuple[RosterEntry, ...]:
        """The members working in ``unit_code`` (every unit when ``None``), by unit then name;
        a unit head sees only their own unit.

        Raises:
            NotAllowed: A unit head asked about another unit, or a member who heads none.
            UnknownUnit: No unit has the code.
        """
        if by is not None and by.role not in OFFICE:
            if by.role is not Role.UNIT_HEAD or unit_code not in (None, by.unit.code):
                raise errors.NotAllowed
            unit_code = by.unit.code
        query = (
            select(Member.id, Member.full_name, Member.role, Unit.code)
            .join(Unit, Unit.id == Member.unit_id)
            .where(Member.active.is_(True))
        )
        async with self._sessions() as session:
            if unit_code is not None:
                if await session.scalar(select(Unit.id).where(Unit.code == unit_code)) is None:
                    raise errors.UnknownUnit(code=unit_code)
                query = query.where(Unit.code == unit_code)
            rows = (await session.execute(query)).all()
        entries = [RosterEntry(i, name, Role(role), code) for i, name, role, code in rows]
        return tuple(sorted(entries, key=lambda e: (e.unit, collation_key(e.full_name), e.id)))
