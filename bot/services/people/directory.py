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
#: The most names whose sort texts are kept between requests.
KEYS_KEPT = 100_000


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
        # Each name's sort text and accent-free form, kept between requests: names rarely
        # change, and computing them for 10,000 members on every page would be the slow part.
        self._keys: dict[str, tuple[str, str]] = {}

    def _known(self, names: set[str]) -> dict[str, tuple[str, str]]:
        """The sort text and the folded accent-free form of each of ``names``."""
        missing = names - self._keys.keys()
        if len(self._keys) + len(missing) > KEYS_KEPT:
            self._keys.clear()
            missing = names
        for name, key in vietnamese_keys(missing).items():
            self._keys[name] = (key, without_accents(name).casefold())
        return self._keys

    async def members(self, by: MemberView, query: MemberQuery) -> MemberPage:
        """The working members matching ``query``, by unit code then Vietnamese name order.

        Raises:
            NotAllowed: Neither the Office nor a unit head, or a unit head asked about
                another unit.
        """
        unit = _scope(by, query.unit)
        # Only what sorting and filtering need for every member; the page's rows are
        # completed afterwards.
        select_rows = (
            select(Member.id, Member.full_name, Member.unit_id)
            .where(Member.active.is_(True))
            .order_by(Member.id)
        )
        if query.role is not None:
            select_rows = select_rows.where(Member.role == query.role.value)
        words = without_accents(query.text).casefold().split()
        async with self._sessions() as session:
            units = {
                i: (code, name)
                for i, code, name in await session.execute(select(Unit.id, Unit.code, Unit.name))
            }
            if unit:
                select_rows = select_rows.where(
                    Member.unit_id.in_([i for i, (code, _) in units.items() if code == unit])
                )
            found = [(r[0], r[1], r[2]) for r in await session.execute(select_rows)]
            known = self._known({name for _, name, _ in found})
            if words:
                found = [r for r in found if _matches(known[r[1]][1], words)]
            if query.without_account:
                linked = await _linked(session, [r[0] for r in found])
                found = [r for r in found if r[0] not in linked]
            found.sort(key=lambda r: f"{units[r[2]][0]}\0{known[r[1]][0]}")
            size = max(1, min(query.size, PAGE_MAX))
            pages = max(1, -(-len(found) // size))
            page = max(1, min(query.page, pages))
            shown = [r[0] for r in found[(page - 1) * size : page * size]]
            rows = await _rows(session, shown, units)
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


def vietnamese_keys(names: set[str]) -> dict[str, str]:
    """A text per name that sorts as ``collation_key`` does (letters, then tones, then the
    text), built a character at a time: 10,000 names use a few hundred distinct characters,
    and comparing texts is much faster than comparing tuples, which keeps the list fast."""
    folded = {name: " ".join(name.split()).casefold() for name in names}
    table = {char: _char_key(char) for char in set("".join(folded.values()))}
    letter_of = {char: pair[0] for char, pair in table.items()}
    tone_of = {char: pair[1] for char, pair in table.items()}
    return {
        name: "".join(map(letter_of.__getitem__, text))
        + "\0"
        + "".join(map(tone_of.__getitem__, text))
        + "\0"
        + name
        for name, text in folded.items()
    }


def _char_key(char: str) -> tuple[str, str]:
    """One character's letter (base and alphabet mark, order kept) and tone as characters."""
    if char == " ":
        return chr(ord(" ") * 4), chr(1)
    letters, tones, _ = collation_key(char)
    base, mark = letters[0] if len(letters) == 1 else (ord(char), 0)
    tone = tones[0] if len(tones) == 1 else 0
    return chr(min(base * 4 + mark, 0x10FFFF)), chr(tone + 1)


def _matches(folded: str, words: list[str]) -> bool:
    return all(word in folded for word in words)


async def _rows(
    session: AsyncSession, member_ids: list[int], units: dict[int, tuple[str, str]]
) -> tuple[MemberRow, ...]:
    """The list rows of ``member_ids``, in that order."""
    if not member_ids:
        return ()
    linked = await _linked(session, member_ids)
    query = select(Member.id, Member.full_name, Member.position, Member.role, Member.unit_id)
    found = {
        i: MemberRow(i, name, position, Role(role), *units[unit_id], i in linked)
        for i, name, position, role, unit_id in await session.execute(
            query.where(Member.id.in_(member_ids))
        )
    }
    return tuple(found[i] for i in member_ids)


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
