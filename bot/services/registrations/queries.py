"""Reading registrations: a year's round, a unit's saved targets, and the check the vote lists
run on every row (one query for a whole list)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.registrations.records import RoundView, UnitStatus
from models import Member, RegisteredTarget, RegistrationRound, Unit, UnitRegistration

#: A registered title: the member (``None``: the unit itself) and the award's code.
Target = tuple[int | None, str]


async def registered(
    session: AsyncSession, year: int, unit_id: int, wanted: Collection[Target]
) -> frozenset[Target]:
    """Those of ``wanted`` that were registered for ``year``, in one query.

    A member's title counts whichever unit registered it (they may have moved since); a
    collective title (member ``None``) is the registration of unit ``unit_id``.
    """
    members = sorted({member for member, _ in wanted if member is not None})
    units: list[ColumnElement[bool]] = []
    if members:
        units.append(RegisteredTarget.member_id.in_(members))
    if any(member is None for member, _ in wanted):
        units.append(
            and_(RegisteredTarget.member_id.is_(None), RegisteredTarget.unit_id == unit_id)
        )
    if not units:
        return frozenset()
    rows = await session.execute(
        select(RegisteredTarget.member_id, RegisteredTarget.award_code).where(
            RegisteredTarget.year == year, or_(*units)
        )
    )
    found = {(member, code) for member, code in rows}
    return frozenset(target for target in wanted if target in found)


def _view(row: RegistrationRound) -> RoundView:
    return RoundView(row.year, row.deadline, row.opened_at)


async def round_of(session: AsyncSession, year: int) -> RoundView | None:
    """The round of ``year``, if the Office opened it."""
    row = await session.scalar(select(RegistrationRound).where(RegistrationRound.year == year))
    return None if row is None else _view(row)


async def latest_year(session: AsyncSession) -> int | None:
    """The latest year the Office opened a registration for."""
    return await session.scalar(select(func.max(RegistrationRound.year)))


async def unit_registration(
    session: AsyncSession, year: int, unit_id: int
) -> UnitRegistration | None:
    """A unit's registration of ``year``, if its head saved one."""
    return await session.scalar(
        select(UnitRegistration).where(
            UnitRegistration.year == year, UnitRegistration.unit_id == unit_id
        )
    )


async def targets_by_member(
    session: AsyncSession, registration_id: int
) -> dict[int | None, set[str]]:
    """A registration's titles per member (``None``: the unit's own)."""
    rows = await session.execute(
        select(RegisteredTarget.member_id, RegisteredTarget.award_code).where(
            RegisteredTarget.registration_id == registration_id
        )
    )
    found: dict[int | None, set[str]] = defaultdict(set)
    for member, code in rows:
        found[member].add(code)
    return found


async def unit_statuses(
    session: AsyncSession, year: int, order: Sequence[str]
) -> list[UnitStatus]:
    """Every active unit in ``year``: when and by whom it registered, its members per
    individual title (in ``order``) and its own title."""
    units = (await session.execute(select(Unit.id, Unit.name).where(Unit.active.is_(True)))).all()
    saved = await session.execute(
        select(UnitRegistration.unit_id, UnitRegistration.registered_at, Member.full_name)
        .outerjoin(Member, Member.id == UnitRegistration.registered_by)
        .where(UnitRegistration.year == year)
    )
    when: dict[int, tuple[datetime | None, str]] = {
        unit: (at, name or "") for unit, at, name in saved
    }
    is_unit = RegisteredTarget.member_id.is_(None)
    rows = await session.execute(
        select(RegisteredTarget.unit_id, is_unit, RegisteredTarget.award_code, func.count())
        .where(RegisteredTarget.year == year)
        .group_by(RegisteredTarget.unit_id, is_unit, RegisteredTarget.award_code)
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    collective: dict[int, str] = {}
    for unit_id, own, code, count in rows:
        if own:
            collective[unit_id] = code
        else:
            counts[unit_id][code] = count
    return [
        UnitStatus(
            unit_id,
            name,
            *when.get(unit_id, (None, "")),
            tuple((code, counts[unit_id][code]) for code in order if code in counts[unit_id]),
            collective.get(unit_id),
        )
        for unit_id, name in units
    ]
