"""The members and units lists of the web app: who works where, found by name with or without
diacritics, a page at a time; and each unit with how many people work in it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.collation import collation_key, sorted_vi, without_accents
from bot.roles import OFFICE, Role
from bot.services.common import MemberView
from models import ChannelAccount, Member, Unit

#: The most rows one page of the list shows.
PAGE_MAX = 200


@dataclass(frozen=True, slots=True)
class MemberQuery:
    """What the list is asked for: words of the name, a unit code, a role, a page."""

    text: str = ""
    unit: str = ""
    role: Role | None = None
    page: int = 1
    size: int = 50
    #: Only those who have no account on any channel yet (who still need an invite).
    without_account: bool = False


@dataclass(frozen=True, slots=True)
class MemberRow:
    """A working member as the list shows them."""

    id: int
    full_name: str
    position: str
    role: Role
    unit_code: str
    unit_name: str
    has_account: bool


@dataclass(frozen=True, slots=True)
class MemberPage:
    """One page of the list, how many match in all and how many pages they fill."""

    rows: tuple[MemberRow, ...]
    total: int
    page: int
    pages: int


@dataclass(frozen=True, slots=True)
class UnitRow:
    """An open unit and how many people work in it."""

    code: str
    name: str
    kind: str
    members: int


class DirectoryService:
    """Reads the members and units lists; a unit head sees their own unit only."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def members(self, by: MemberView, query: MemberQuery) -> MemberPage:
        """The working members matching ``query``, by unit code then Vietnamese name order.

        Raises:
            NotAllowed: Neither the Office nor a unit head, or a unit head asked about
                another unit.
        """
        unit = _scope(by, query.unit)
        select_rows = (
            select(Member.id, Member.full_name, Member.position, Member.role, Unit.code, Unit.name)
            .join(Unit, Unit.id == Member.unit_id)
            .where(Member.active.is_(True))
        )
        if unit:
            select_rows = select_rows.where(Unit.code == unit)
        if query.role is not None:
            select_rows = select_rows.where(Member.role == query.role.value)
        words = without_accents(query.text).casefold().split()
        async with self._sessions() as session:
            found = [
                row
                for row in (await session.execute(select_rows)).all()
                if all(w in without_accents(row.full_name).casefold() for w in words)
            ]
            linked = await _linked(session, [row.id for row in found])
            if query.without_account:
                found = [row for row in found if row.id not in linked]
        found.sort(key=lambda r: (r.code, collation_key(r.full_name), r.id))
        size = max(1, min(query.size, PAGE_MAX))
        pages = max(1, -(-len(found) // size))
        page = max(1, min(query.page, pages))
        rows = tuple(
            MemberRow(r.id, r.full_name, r.position, Role(r.role), r.code, r.name, r.id in linked)
            for r in found[(page - 1) * size : page * size]
        )
        return MemberPage(rows, len(found), page, pages)

    async def member(self, by: MemberView, member_id: int) -> MemberRow:
        """One working member, when ``by`` may see them.

        Raises:
            MemberGone: No working member has this number.
            NotAllowed: A unit head asked about another unit's member.
        """
        own = _scope(by, "")
        query = (
            select(Member.id, Member.full_name, Member.position, Member.role, Unit.code, Unit.name)
            .join(Unit, Unit.id == Member.unit_id)
            .where(Member.id == member_id, Member.active.is_(True))
        )
        async with self._sessions() as session:
            row = (await session.execute(query)).first()
            if row is None:
                raise errors.MemberGone
            if own and row.code != own:
                raise errors.NotAllowed
            linked = await _linked(session, [row.id])
        return MemberRow(
            row.id,
            row.full_name,
            row.position,
            Role(row.role),
            row.code,
            row.name,
            row.id in linked,
        )

    async def units(self, by: MemberView) -> tuple[UnitRow, ...]:
        """The open units (a unit head: their own) with their working members, by name.

        Raises:
            NotAllowed: Neither the Office nor a unit head.
        """
        own = _scope(by, "")
        counts = (
            select(Unit.code, Unit.name, Unit.kind, func.count(Member.id))
            .outerjoin(Member, (Member.unit_id == Unit.id) & Member.active.is_(True))
            .where(Unit.active.is_(True))
            .group_by(Unit.id, Unit.code, Unit.name, Unit.kind)
        )
        if own:
            counts = counts.where(Unit.code == own)
        async with self._sessions() as session:
            rows = [UnitRow(c, n, k, int(m)) for c, n, k, m in await session.execute(counts)]
        return tuple(sorted_vi(rows, key=lambda u: u.name))


def _scope(by: MemberView, unit: str) -> str:
    """The unit code the asker may see ("" for every unit)."""
    if by.role in OFFICE:
        return unit
    if by.role is not Role.UNIT_HEAD or unit not in ("", by.unit.code):
        raise errors.NotAllowed
    return by.unit.code


async def _linked(session: AsyncSession, member_ids: list[int]) -> set[int]:
    """Those of ``member_ids`` who have an account on some channel."""
    if not member_ids:
        return set()
    query = select(ChannelAccount.member_id).distinct()
    if len(member_ids) <= 500:
        query = query.where(ChannelAccount.member_id.in_(member_ids))
    return {member_id for (member_id,) in await session.execute(query)}
