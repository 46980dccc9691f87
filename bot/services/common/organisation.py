"""The organisation as it was on a day: which units were open, under which name, who worked in
each, and which unit carries on a merged one (DESIGN §3.11).

Boards of a past period ask for the day the period ends; the recorded unit changes and member
moves answer. The tables are small (a few hundred changes in a five-year plan), so they are
read whole and folded here in Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import Member, MemberChange, MemberChangeKind, Unit, UnitChange, UnitChangeKind


@dataclass(frozen=True, slots=True)
class UnitThen:
    """A unit on a given day: its name then and how many members it had then."""

    id: int
    code: str
    name: str
    kind: str
    headcount: int


@dataclass(frozen=True, slots=True)
class OrganisationThen:
    """The open units of a day (by id) and where the points of units merged by then go."""

    day: date
    units: Mapping[int, UnitThen]
    successors: Mapping[int, int]
    #: Members who were in another unit on the day than now: member id → that unit's id.
    movers: Mapping[int, int] = field(default_factory=dict)

    def unit_name_of(self, member_id: int, unit_id: int, current: str) -> str:
        """The name of the unit a member was in on the day (``current``: their unit's name
        now, kept when that unit is not on the day's list)."""
        then = self.units.get(self.movers.get(member_id, unit_id))
        return then.name if then is not None else current

    def carrier(self, unit_id: int) -> int:
        """The unit that carries ``unit_id``'s record on the day (itself, unless merged)."""
        seen: set[int] = set()
        while unit_id in self.successors and unit_id not in seen:
            seen.add(unit_id)
            unit_id = self.successors[unit_id]
        return unit_id


@dataclass(frozen=True, slots=True)
class NameHistory:
    """Every unit's renames: the name a unit had on any day (exports name each item's unit as
    it was called when the item was made)."""

    renames: Mapping[int, tuple[tuple[date, str], ...]]

    def name(self, unit_id: int, current: str, day: date) -> str:
        """The name unit ``unit_id`` (called ``current`` now) had on ``day``."""
        return name_on(current, self.renames.get(unit_id, ()), day)


async def name_history(session: AsyncSession) -> NameHistory:
    """Read every rename once."""
    rows = await session.execute(
        select(UnitChange.sources, UnitChange.effective_on, UnitChange.old_name).where(
            UnitChange.kind == UnitChangeKind.RENAME
        )
    )
    renames: dict[int, list[tuple[date, str]]] = {}
    for sources, when, old in rows:
        renames.setdefault(int(sources[0]), []).append((when, old))
    return NameHistory({unit: tuple(found) for unit, found in renames.items()})


def open_on(opened_on: date | None, closed_on: date | None, day: date) -> bool:
    """Whether a unit existed on ``day``: opened by then and not yet closed."""
    return (opened_on is None or opened_on <= day) and (closed_on is None or closed_on > day)


def name_on(current: str, renames: Iterable[tuple[date, str]], day: date) -> str:
    """The name a unit had on ``day``: the old name of the first rename after that day, or the
    name it has now. ``renames`` are (effective day, old name) pairs of that unit."""
    later = sorted((when, old) for when, old in renames if when > day)
    return later[0][1] if later else current


def unit_on(current: int, moves: Iterable[tuple[date, int, int]], day: date) -> int:
    """The unit a member was in on ``day``, from their (effective day, from, to) moves."""
    ordered = sorted(moves)
    for when, before, _after in ordered:
        if when > day:
            return before
    return current if not ordered else ordered[-1][2]


def present_on(left_on: date | None, day: date, *, active: bool) -> bool:
    """Whether a member counted on ``day``: not gone by then (members made inactive without a
    recorded day of leaving never count)."""
    if left_on is not None:
        return left_on > day
    return active


async def organisation_on(session: AsyncSession, day: date) -> OrganisationThen:
    """The open units on ``day`` with their names and headcounts then, and the merges done by
    then (merged unit → the unit it went into)."""
    changes = (
        await session.scalars(select(UnitChange).where(UnitChange.effective_on > day))
    ).all()
    renames: dict[int, list[tuple[date, str]]] = {}
    for change in changes:
        if change.kind == UnitChangeKind.RENAME:
            renames.setdefault(int(change.sources[0]), []).append(
                (change.effective_on, change.old_name)
            )
    merges = await session.scalars(
        select(UnitChange).where(
            UnitChange.kind == UnitChangeKind.MERGE, UnitChange.effective_on <= day
        )
    )
    successors = {int(s): int(m.targets[0]) for m in merges for s in m.sources}
    counts, movers = await _headcounts(session, day)
    units = {
        u.id: UnitThen(
            u.id, u.code, name_on(u.name, renames.get(u.id, ()), day), u.kind, counts.get(u.id, 0)
        )
        for u in await session.scalars(select(Unit))
        if open_on(u.opened_on, u.closed_on, day) and (u.active or u.closed_on is not None)
    }
    return OrganisationThen(day, units, successors, movers)


async def _headcounts(session: AsyncSession, day: date) -> tuple[dict[int, int], dict[int, int]]:
    # Counted in SQL by the unit members are in now; only the few who moved are then put back
    # where they were on the day, so a board of 10,000 members reads no member row.
    present = or_(Member.left_on > day, and_(Member.left_on.is_(None), Member.active.is_(True)))
    grouped = await session.execute(
        select(Member.unit_id, func.count(Member.id)).where(present).group_by(Member.unit_id)
    )
    counts = {unit: int(n) for unit, n in grouped.all()}
    moves: dict[int, list[tuple[date, int, int]]] = {}
    rows = await session.execute(
        select(
            MemberChange.member_id,
            MemberChange.effective_on,
            MemberChange.from_unit_id,
            MemberChange.to_unit_id,
        ).where(MemberChange.kind == MemberChangeKind.MOVE)
    )
    for member_id, when, before, after in rows:
        if before is not None and after is not None:
            moves.setdefault(member_id, []).append((when, before, after))
    movers: dict[int, int] = {}
    if not moves:
        return counts, movers
    moving = select(MemberChange.member_id).where(MemberChange.kind == MemberChangeKind.MOVE)
    moved = await session.execute(
        select(Member.id, Member.unit_id).where(present, Member.id.in_(moving))
    )
    for member_id, current in moved:
        then = unit_on(current, moves[member_id], day)
        if then != current:
            counts[current] -= 1
            counts[then] = counts.get(then, 0) + 1
            movers[member_id] = then
    return counts, movers
